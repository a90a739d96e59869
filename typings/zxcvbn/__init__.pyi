from typing import Any

def zxcvbn(
    password: str, user_inputs: list[str] | None = None, max_length: int = 72
) -> dict[str, Any]: ...
