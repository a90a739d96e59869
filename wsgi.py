"""Entry point for a WSGI server: ``gunicorn wsgi:app``."""

import gc

from tracker import create_app

app = create_app()

# What starting made (the app, and the modules it imports: pandas and plotly are large) lives as
# long as the process. Freezing it keeps it out of the garbage collector's full passes, which
# otherwise walk some 200,000 objects and pause a request for 100 ms or more now and then.
gc.collect()
gc.freeze()
