"""Content of Sjöviks kommun, the fictional demo municipality.

Everything here is invented: the municipality, its organisations, people, strategic areas,
improvements and their monthly reports. It is pure data, turned into rows by
tracker.services.demo. Months are offsets from the current month (0 = this month, -1 = the
last complete month), so the demo always looks current.
"""

MUNICIPALITY = "Sjöviks kommun"

# (code, name, kind) kind is one of "central", "department", "company"
ORGANISATIONS = [
    ("KLK", "Kommunledningskontoret", "central"),
    ("BUF", "Barn- och utbildningsförvaltningen", "department"),
    ("SOC", "Socialförvaltningen", "department"),
    ("SBF", "Samhällsbyggnadsförvaltningen", "department"),
    ("KFF", "Kultur- och fritidsförvaltningen", "department"),
    ("SBO", "Sjöviksbostäder AB", "company"),
    ("SEV", "Sjövik Energi och Vatten AB", "company"),
    ("SKF", "Sjöviks Kommunfastigheter AB", "company"),
]

# role is "admin", "member" or "politician"; org is an organisation code (politicians: None)
PEOPLE = [
    {
        "email": "karin.lind@sjovik.example",
        "name": "Karin Lind",
        "title": "Kommunchef",
        "org": "KLK",
        "role": "admin",
    },
    {
        "email": "jonas.ekstrom@sjovik.example",
        "name": "Jonas Ekström",
        "title": "Utvecklingsstrateg och sekreterare i KLG",
        "org": "KLK",
        "role": "admin",
    },
    {
        "email": "maria.sundberg@sjovik.example",
        "name": "Maria Sundberg",
        "title": "Ekonomichef",
        "org": "KLK",
        "role": "member",
    },
    {
        "email": "peter.hakansson@sjovik.example",
        "name": "Peter Håkansson",
        "title": "HR-chef",
        "org": "KLK",
        "role": "member",
    },
    {
        "email": "sofia.berglund@sjovik.example",
        "name": "Sofia Berglund",
        "title": "Kommunikationschef",
        "org": "KLK",
        "role": "member",
    },
    {
        "email": "sara.ohman@sjovik.example",
        "name": "Sara Öhman",
        "title": "Digitaliseringschef",
        "org": "KLK",
        "role": "member",
    },
    {
        "email": "anders.nystrom@sjovik.example",
        "name": "Anders Nyström",
        "title": "Barn- och utbildningschef",
        "org": "BUF",
        "role": "member",
    },
    {
        "email": "lena.forsberg@sjovik.example",
        "name": "Lena Forsberg",
        "title": "Biträdande förvaltningschef",
        "org": "BUF",
        "role": "member",
    },
    {
        "email": "elin.aberg@sjovik.example",
        "name": "Elin Åberg",
        "title": "Socialchef",
        "org": "SOC",
        "role": "member",
    },
    {
        "email": "mikael.holmgren@sjovik.example",
        "name": "Mikael Holmgren",
        "title": "Samhällsbyggnadschef",
        "org": "SBF",
        "role": "member",
    },
    {
        "email": "erik.malmberg@sjovik.example",
        "name": "Erik Malmberg",
        "title": "Planchef och biträdande förvaltningschef",
        "org": "SBF",
        "role": "member",
    },
    {
        "email": "hanna.lindqvist@sjovik.example",
        "name": "Hanna Lindqvist",
        "title": "Kultur- och fritidschef",
        "org": "KFF",
        "role": "member",
    },
    {
        "email": "tomas.wikstrom@sjovik.example",
        "name": "Tomas Wikström",
        "title": "VD",
        "org": "SBO",
        "role": "member",
    },
    {
        "email": "annika.sjogren@sjovik.example",
        "name": "Annika Sjögren",
        "title": "VD",
        "org": "SEV",
        "role": "member",
    },
    {
        "email": "goran.bergqvist@sjovik.example",
        "name": "Göran Bergqvist",
        "title": "VD",
        "org": "SKF",
        "role": "member",
    },
    {
        "email": "ingrid.alm@sjovik.example",
        "name": "Ingrid Alm",
        "title": "Kommunstyrelsens ordförande",
        "org": None,
        "role": "politician",
    },
    {
        "email": "stefan.hedlund@sjovik.example",
        "name": "Stefan Hedlund",
        "title": "Oppositionsråd",
        "org": None,
        "role": "politician",
    },
]

# lead and co_owners are emails; organisations are codes (the contributing organisations)
AREAS = [
    {
        "code": "SO1",
        "title": "Attraktiv arbetsgivare och kompetensförsörjning",
        "description": (
            "Kommunen och bolagen konkurrerar om samma yrkesgrupper som de större kommunerna i "
            "regionen. Området samlar arbetet med att rekrytera, utveckla och behålla medarbetare "
            "i hela koncernen."
        ),
        "goal": (
            "Sjövik är en arbetsgivare som människor väljer och stannar hos. Alla bristyrken har "
            "minst två behöriga sökande per tjänst och personalomsättningen är under 10 procent."
        ),
        "lead": "peter.hakansson@sjovik.example",
        "co_owners": [
            "anders.nystrom@sjovik.example",
            "elin.aberg@sjovik.example",
            "goran.bergqvist@sjovik.example",
        ],
        "organisations": ["KLK", "BUF", "SOC", "SEV", "SKF"],
    },
    {
        "code": "SO2",
        "title": "Hållbar tillväxt och bostadsbyggande",
        "description": (
            "För att växa till 16 000 invånare behöver Sjövik fler bostäder, planlagd mark och "
            "infrastruktur som håller. Området samordnar planering, exploatering och byggande "
            "mellan förvaltningarna och bolagen."
        ),
        "goal": (
            "Det byggs minst 60 nya bostäder per år och det finns alltid planlagd mark redo för "
            "både bostäder och företagsetableringar."
        ),
        "lead": "mikael.holmgren@sjovik.example",
        "co_owners": ["tomas.wikstrom@sjovik.example", "annika.sjogren@sjovik.example"],
        "organisations": ["SBF", "KLK", "SBO", "SEV", "SKF"],
    },
    {
        "code": "SO3",
        "title": "Klimat och energiomställning",
        "description": (
            "Koncernens verksamheter ska bli fossilfria och använda energi effektivt. Området "
            "omfattar energieffektivisering i fastigheterna, förnybar energi, fjärrvärmen och "
            "kommunens transporter."
        ),
        "goal": (
            "Koncernen är fossilfri 2030 och energianvändningen i kommunens och bolagens "
            "fastigheter har minskat med 20 procent jämfört med i dag."
        ),
        "lead": "annika.sjogren@sjovik.example",
        "co_owners": ["goran.bergqvist@sjovik.example", "mikael.holmgren@sjovik.example"],
        "organisations": ["SEV", "SKF", "SBO", "SBF", "KLK"],
    },
    {
        "code": "SO4",
        "title": "Trygghet och social hållbarhet",
        "description": (
            "Alla som bor i Sjövik ska känna sig trygga och ha goda förutsättningar, oavsett "
            "bostadsområde. Området samlar det förebyggande arbetet för barn och unga, samverkan "
            "med polisen och tryggare offentliga miljöer."
        ),
        "goal": (
            "Andelen invånare som känner sig trygga i centrum på kvällstid ökar varje år, och barn "
            "och unga som behöver stöd får det tidigt och samordnat."
        ),
        "lead": "elin.aberg@sjovik.example",
        "co_owners": [
            "hanna.lindqvist@sjovik.example",
            "tomas.wikstrom@sjovik.example",
            "anders.nystrom@sjovik.example",
        ],
        "organisations": ["SOC", "BUF", "KFF", "SBF", "SBO"],
    },
    {
        "code": "SO5",
        "title": "Digitalisering och effektiv verksamhet",
        "description": (
            "Digitala tjänster och automatisering ska göra det enklare för invånare och företag "
            "och frigöra tid för kärnverksamheten. Området samordnar digitaliseringen i kommunen "
            "och bolagen så att vi inte bygger samma sak flera gånger."
        ),
        "goal": (
            "Invånarna kan sköta sina vanligaste ärenden digitalt dygnet runt, och administrativa "
            "flöden är automatiserade där det går."
        ),
        "lead": "sara.ohman@sjovik.example",
        "co_owners": ["lena.forsberg@sjovik.example", "annika.sjogren@sjovik.example"],
        "organisations": ["KLK", "BUF", "SOC", "SEV", "SKF"],
    },
    {
        "code": "SO6",
        "title": "Långsiktigt hållbar ekonomi",
        "description": (
            "Sjövik ska ha en ekonomi i balans som ger utrymme för investeringar utan att skjuta "
            "kostnader till kommande generationer. Området omfattar budgetdisciplin, "
            "lokalförsörjning, avgifter och kostnadsutvecklingen i de största verksamheterna."
        ),
        "goal": (
            "Resultatet är minst 2 procent av skatter och statsbidrag varje år och investeringarna "
            "självfinansieras till minst 70 procent."
        ),
        "lead": "maria.sundberg@sjovik.example",
        "co_owners": ["elin.aberg@sjovik.example", "goran.bergqvist@sjovik.example"],
        "organisations": ["KLK", "SOC", "BUF", "KFF", "SKF"],
    },
]

# start and due are months relative to the current month (0 = this month); start is the
# first day of that month and due the last day. state is the state now. story is the
# monthly report history, oldest first: entry i is for month start + i (or story_from + i).
IMPROVEMENTS = [
    {
        "code": "SO1-01",
        "area": "SO1",
        "title": "Jobba i Sjövik: gemensam rekryteringskampanj och rekryteringsmässa",
        "description": (
            "En gemensam arbetsgivarprofil, karriärsida och årlig rekryteringsmässa för kommunen "
            "och bolagen, med fokus på bristyrkena."
        ),
        "owner": "sofia.berglund@sjovik.example",
        "deputy": "peter.hakansson@sjovik.example",
        "organisation": None,
        "organisations": ["BUF", "SOC", "SEV", "SBO"],
        "start": -16,
        "due": -4,
        "state": "done",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Projektgruppen med HR och kommunikatörer från BUF, SOC, SEV och "
                    "Sjöviksbostäder är tillsatt. Startmötet är hållet och tidplanen är förankrad "
                    "i KLG."
                ),
                "next_steps": "Ta fram målgruppsanalys för bristyrkena och boka lokal för mässan.",
                "risks": "Kommunikatörernas tid delas med ordinarie uppdrag.",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Målgruppsanalysen är klar: förskollärare, undersköterskor, socionomer och "
                    "drifttekniker prioriteras. Sporthallen är bokad för mässan."
                ),
                "next_steps": "Upphandla fotograf och ta fram budskapsplattform.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Budskapsplattformen Jobba i Sjövik är fastställd. Fotografering genomförd med "
                    "14 medarbetare som ställer upp som ambassadörer."
                ),
                "next_steps": "Bygga karriärsidan och förbereda annonsering i sociala medier.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 30,
                "comment": (
                    "Den nya karriärsidan är publicerad med lediga jobb i både kommunen och "
                    "bolagen. Den hade 2 300 besök första veckan."
                ),
                "next_steps": "Starta annonskampanjen och bjuda in utställare till mässan.",
                "risks": "Bolagens annonser ligger i egna system och måste läggas in manuellt.",
            },
            {
                "status": "at_risk",
                "progress": 38,
                "comment": (
                    "Annonskampanjen är igång, men bara 9 av planerade 15 verksamheter har anmält "
                    "sig som utställare. Två av bolagen har inte svarat."
                ),
                "next_steps": "Påminna via KLG och ta personlig kontakt med VD:arna.",
                "risks": "Mässan blir tunn om bolagen inte deltar.",
            },
            {
                "status": "on_track",
                "progress": 50,
                "comment": (
                    "Alla bolag har nu anmält sig och 17 verksamheter ställer ut. Gymnasiets vård- "
                    "och omsorgsprogram kommer med sina avgångselever."
                ),
                "next_steps": "Genomföra mässan och registrera intresseanmälningar på plats.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 65,
                "comment": (
                    "Rekryteringsmässan hade cirka 400 besökare. Den gav 42 ansökningar till "
                    "förskolan och 27 till vård och omsorg."
                ),
                "next_steps": "Utvärdera mässan och följa upp hur många som anställs.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 72,
                "comment": (
                    "Hittills har 19 anställningar kunnat kopplas till mässan, varav 8 "
                    "undersköterskor. Utvärderingen visar att besökarna saknade information om "
                    "bostäder."
                ),
                "next_steps": "Ta fram ett inflyttarpaket tillsammans med Sjöviksbostäder.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 80,
                "comment": (
                    "Inflyttarpaketet är klart med information om bostad, förskola och fritid. "
                    "Sjöviksbostäder reserverar tre lägenheter per år för nyanställda i "
                    "bristyrken."
                ),
                "next_steps": "Lansera paketet på karriärsidan och i annonserna.",
                "risks": "De reserverade lägenheterna kan väcka frågor om förtur i bostadskön.",
            },
            {
                "status": "on_track",
                "progress": 88,
                "comment": (
                    "Inflyttarpaketet är lanserat. Karriärsidan har nu i snitt 1 100 besök per "
                    "vecka."
                ),
                "next_steps": "Ta fram en förvaltningsplan så att arbetet lever vidare i linjen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 95,
                "comment": (
                    "Förvaltningsplanen är klar: HR ansvarar för karriärsidan och mässan blir "
                    "årlig. Slutrapporten är skickad till KLG."
                ),
                "next_steps": "Avrapportera i KLG och avsluta åtgärden.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 100,
                "comment": (
                    "KLG har godkänt slutrapporten. Ansökningarna till bristyrkena ökade med 31 "
                    "procent jämfört med året innan."
                ),
                "next_steps": (
                    "Åtgärden avslutas. Nästa mässa planeras av HR inom ordinarie uppdrag."
                ),
                "risks": "",
            },
        ],
    },
    {
        "code": "SO1-02",
        "area": "SO1",
        "title": "Heltid som norm i vård och omsorg",
        "description": (
            "Fler medarbetare i vård och omsorg ska arbeta heltid, med hållbara scheman och en "
            "gemensam bemanningspool för resurspass."
        ),
        "owner": "elin.aberg@sjovik.example",
        "deputy": "peter.hakansson@sjovik.example",
        "organisation": "SOC",
        "organisations": ["KLK", "BUF"],
        "start": -20,
        "due": 4,
        "state": "ongoing",
        "story_from": -18,
        "story": [
            {
                "status": "on_track",
                "progress": 15,
                "comment": (
                    "Kartläggningen av sysselsättningsgrad är klar: 58 procent av "
                    "undersköterskorna arbetar heltid. Alla enhetschefer har fått information."
                ),
                "next_steps": "Starta en pilot med heltidsscheman på Sjögårdens äldreboende.",
                "risks": "Fler delade turer kan möta motstånd bland medarbetarna.",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Piloten på Sjögården har startat med 32 medarbetare. En arbetsgrupp med "
                    "Kommunal och skyddsombud är på plats."
                ),
                "next_steps": "Följa upp schemaeffekterna efter första schemaperioden.",
                "risks": "Piloten kräver tillfälligt extra resurstid.",
            },
            {
                "status": "on_track",
                "progress": 25,
                "comment": (
                    "Första schemaperioden är genomförd. 9 medarbetare har gått upp i tid och "
                    "ingen har fått fler delade turer."
                ),
                "next_steps": "Förbereda utrullning till hemtjänsten.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 28,
                "comment": (
                    "Sjukfrånvaron på Sjögården ökade till 9,8 procent och flera vill gå tillbaka "
                    "till deltid. Orsaken verkar vara fler helgpass."
                ),
                "next_steps": "Gå igenom helgrotationen med skyddsombud och Kommunal.",
                "risks": "Förtroendet för heltidsarbetet kan skadas.",
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "En ny helgrotation med var tredje helg i stället för varannan är framtagen. "
                    "Den ökar kostnaden med cirka 0,6 mnkr per år."
                ),
                "next_steps": "Ta fram förslag på hur outnyttjad tid kan användas bättre.",
                "risks": "Kostnadsökningen ryms inte i socialförvaltningens budget.",
            },
            {
                "status": "at_risk",
                "progress": 32,
                "comment": (
                    "Förslaget är att outnyttjad tid används i en gemensam bemanningspool för "
                    "socialförvaltningen och barn- och utbildningsförvaltningen."
                ),
                "next_steps": "Förankra förslaget i BUF:s ledningsgrupp och med HR.",
                "risks": "Utan finansiering riskerar piloten att avslutas.",
            },
            {
                "status": "on_track",
                "progress": 38,
                "comment": (
                    "Socialchefen och barn- och utbildningschefen är överens om en gemensam "
                    "bemanningspool. HR tar fram rutiner för hur resurspass bokas."
                ),
                "next_steps": "Starta bemanningspoolen och utöka till hemtjänsten Norr.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 43,
                "comment": (
                    "Bemanningspoolen har startat med 11 medarbetare. Hemtjänsten Norr har gått in "
                    "i heltidsarbetet."
                ),
                "next_steps": "Införa nytt schemaverktyg för resurspass.",
                "risks": "Schemaverktyget kräver utbildning av schemaläggarna.",
            },
            {
                "status": "on_track",
                "progress": 48,
                "comment": (
                    "Heltidsandelen bland undersköterskor har ökat till 66 procent. "
                    "Schemaverktyget är installerat."
                ),
                "next_steps": "Utbilda schemaläggarna och förbereda start på Ekbackens boende.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 52,
                "comment": (
                    "Alla 8 schemaläggare är utbildade. Resurspassen används till 74 procent."
                ),
                "next_steps": "Starta på Ekbacken och i hemtjänsten Syd.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 54,
                "comment": (
                    "Starten på Ekbacken är försenad eftersom enhetschefen har slutat. En "
                    "tillförordnad chef är på plats sedan två veckor."
                ),
                "next_steps": "Rekrytera ny enhetschef och skjuta starten på Ekbacken en månad.",
                "risks": "Fortsatt chefsvakans fördröjer arbetet.",
            },
            {
                "status": "at_risk",
                "progress": 57,
                "comment": (
                    "Rekryteringen av enhetschef har 6 sökande. Hemtjänsten Syd har startat enligt "
                    "plan."
                ),
                "next_steps": "Intervjuer och referenser. Ekbacken startar när chefen är på plats.",
                "risks": "Ekbacken har många timanställda som behöver erbjudas tillsvidaretjänst.",
            },
            {
                "status": "on_track",
                "progress": 62,
                "comment": (
                    "Ny enhetschef på Ekbacken är anställd och börjar om en månad. Heltidsandelen "
                    "är nu 71 procent."
                ),
                "next_steps": "Förbereda starten på Ekbacken med arbetsplatsträffar.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 67,
                "comment": (
                    "Ekbacken har startat heltidsarbetet. Antalet timanställda i vård och omsorg "
                    "har minskat med 22 jämfört med året innan."
                ),
                "next_steps": "Följa upp kostnaderna för bemanningspoolen efter ett år.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 70,
                "comment": (
                    "Uppföljningen visar att bemanningspoolen kostar 1,1 mnkr mer än beräknat, "
                    "främst på grund av OB-tillägg."
                ),
                "next_steps": "Analysera kostnaderna tillsammans med ekonomichefen.",
                "risks": "Merkostnaden måste hanteras inom arbetet med budget i balans.",
            },
            {
                "status": "at_risk",
                "progress": 73,
                "comment": (
                    "Minskade vikariekostnader väger upp ungefär hälften av merkostnaden. Förslag "
                    "till justerade bemanningsnyckeltal är framtaget."
                ),
                "next_steps": "Presentera de justerade nyckeltalen för socialnämnden.",
                "risks": "Justeringen kan uppfattas som en neddragning.",
            },
            {
                "status": "on_track",
                "progress": 78,
                "comment": (
                    "Socialnämnden har godkänt de justerade nyckeltalen. Heltidsandelen bland "
                    "undersköterskor är nu 76 procent."
                ),
                "next_steps": "Korttidsboendet, den sista enheten, startar nästa månad.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 82,
                "comment": (
                    "Korttidsboendet har startat. Sjukfrånvaron på Sjögården är tillbaka på 7,1 "
                    "procent."
                ),
                "next_steps": "Ta fram slutrapport och förvaltningsplan inför avslut.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO1-03",
        "area": "SO1",
        "title": "Fler förskollärare: vidareutbildning och validering av barnskötare",
        "description": (
            "Barnskötare erbjuds betald vidareutbildning till förskollärare och validering av "
            "tidigare kompetens, så att andelen behöriga i förskolan ökar."
        ),
        "owner": "anders.nystrom@sjovik.example",
        "deputy": "lena.forsberg@sjovik.example",
        "organisation": None,
        "organisations": ["KLK"],
        "start": -12,
        "due": 6,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Behovsanalysen är klar: förskolan behöver 24 nya förskollärare de kommande "
                    "fem åren. Andelen förskollärare är i dag 34 procent."
                ),
                "next_steps": "Ta fram en modell för betald vidareutbildning av barnskötare.",
                "risks": "Få behöriga sökande i regionen.",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "En modell med studier på 50 procent och bibehållen lön är framtagen "
                    "tillsammans med HR. Dialog med högskolan om distansutbildning pågår."
                ),
                "next_steps": "Annonsera internt och välja ut den första gruppen.",
                "risks": "Vikariekostnaden under studietiden.",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Den interna ansökan gav 17 intresserade barnskötare. Rekryteringsmässan gav "
                    "dessutom 42 ansökningar till förskolan."
                ),
                "next_steps": "Urval och individuella studieplaner.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 28,
                "comment": (
                    "8 barnskötare är antagna till utbildningen och 5 nya förskollärare har "
                    "anställts efter mässan."
                ),
                "next_steps": "Planera vikarier via bemanningspoolen.",
                "risks": "Bemanningspoolen är främst byggd för vård och omsorg.",
            },
            {
                "status": "at_risk",
                "progress": 32,
                "comment": (
                    "Högskolan har skjutit upp kursstarten en termin eftersom för få i regionen "
                    "har sökt. Studiestarten blir senare än planerat."
                ),
                "next_steps": "Undersöka andra utbildningsanordnare.",
                "risks": "Deltagarna kan tappa motivationen om starten dröjer.",
            },
            {"missing": True},
            {
                "status": "at_risk",
                "progress": 38,
                "comment": (
                    "Avtal är klart med en annan högskola som har löpande antagning. 7 av 8 "
                    "deltagare har tackat ja till den nya starten."
                ),
                "next_steps": "Studiestart nästa månad och uppföljningssamtal med deltagarna.",
                "risks": "En deltagare har hoppat av.",
            },
            {
                "status": "on_track",
                "progress": 45,
                "comment": (
                    "Studierna har startat för 7 barnskötare. Valideringen har gett 3 av dem "
                    "tillgodoräknande av kurser."
                ),
                "next_steps": "Ordna mentorsstöd på varje förskola.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 52,
                "comment": (
                    "Mentorer är utsedda på alla 6 förskolor. Andelen förskollärare har ökat till "
                    "37 procent."
                ),
                "next_steps": "Förbereda nästa antagningsomgång.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 58,
                "comment": (
                    "Alla deltagare har klarat den första kursen. Ny intern ansökan är öppen och "
                    "har hittills 11 sökande."
                ),
                "next_steps": "Urval till omgång två.",
                "risks": "Vikariekostnaden för omgång två är inte budgeterad.",
            },
            {
                "status": "at_risk",
                "progress": 61,
                "comment": (
                    "Budget för omgång två saknas efter besparingskraven i arbetet med budget i "
                    "balans. Urvalet är pausat."
                ),
                "next_steps": (
                    "Söka statsbidrag för kompetensutveckling och pröva en mindre omgång."
                ),
                "risks": "Förskolläraranställningarna riskerar att stanna av.",
            },
            {
                "status": "on_track",
                "progress": 66,
                "comment": (
                    "Statsbidraget på 480 tkr är beviljat och räcker till 4 platser i omgång två. "
                    "Urvalet är klart."
                ),
                "next_steps": "Studiestart för omgång två och fortsatt uppföljning av omgång ett.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO1-04",
        "area": "SO1",
        "title": "Koncerngemensamt chefsutvecklingsprogram",
        "description": (
            "Ett gemensamt program för chefer i kommunen och bolagen om ledarskap, "
            "ekonomistyrning, arbetsmiljö och förändringsledning."
        ),
        "owner": "peter.hakansson@sjovik.example",
        "deputy": "annika.sjogren@sjovik.example",
        "organisation": None,
        "organisations": ["BUF", "SOC", "SBF", "KFF", "SBO", "SEV", "SKF"],
        "start": -11,
        "due": 3,
        "state": "paused",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Behovsinventeringen bland koncernens 64 chefer är genomförd med 81 procents "
                    "svarsfrekvens."
                ),
                "next_steps": "Ta fram programupplägg med fyra moduler.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 15,
                "comment": (
                    "Upplägget är klart: ledarskap, ekonomi, arbetsmiljö och förändringsledning. "
                    "Upphandlingen av extern utbildare har startat."
                ),
                "next_steps": "Utvärdera anbuden.",
                "risks": "Budgeten på 450 tkr är snävt beräknad.",
            },
            {
                "status": "on_track",
                "progress": 25,
                "comment": (
                    "Tre anbud kom in och avtal är tecknat. Den första gruppen på 20 chefer är "
                    "anmäld."
                ),
                "next_steps": "Genomföra modul 1.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 35,
                "comment": (
                    "Modul 1 är genomförd med 19 deltagare, varav 6 från bolagen. Deltagarna gav "
                    "betyget 4,5 av 5."
                ),
                "next_steps": "Modul 2 om ekonomistyrning tillsammans med ekonomichefen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 42,
                "comment": (
                    "Modul 2 är genomförd. Deltagarna har tagit fram egna förbättringsuppdrag i "
                    "sina verksamheter."
                ),
                "next_steps": "Modul 3 om arbetsmiljö.",
                "risks": "Besparingskraven kan påverka nästa grupp.",
            },
            {
                "status": "at_risk",
                "progress": 45,
                "comment": (
                    "Modul 3 är genomförd, men åtgärdsplanen för budget i balans innebär stopp för "
                    "externa utbildningar. Grupp två kan inte starta som planerat."
                ),
                "next_steps": "Utreda ett alternativ med interna utbildare.",
                "risks": "Avtalet med utbildaren har en avbokningskostnad.",
            },
            {
                "status": "at_risk",
                "progress": 47,
                "comment": (
                    "Ett upplägg med interna utbildare ryms inte i HR:s bemanning. Modul 4 för "
                    "grupp ett kan genomföras inom befintligt avtal."
                ),
                "next_steps": "Genomföra modul 4 och invänta beslut om grupp två.",
                "risks": "Chefer som inte fått gå programmet kan uppleva det som orättvist.",
                "decision": (
                    "KLG behöver besluta om programmet ska pausas efter modul 4 för grupp ett och "
                    "tas upp igen när budgetläget tillåter."
                ),
            },
            {
                "status": "at_risk",
                "progress": 50,
                "comment": (
                    "KLG beslutade att pausa programmet. Grupp ett har avslutat modul 4 och har "
                    "därmed gått hela programmet; grupp två väntar tills budgetläget tillåter."
                ),
                "next_steps": "Ta upp programmet igen i budgetarbetet för nästa år.",
                "risks": "Grupp två har inget startdatum.",
            },
        ],
    },
    {
        "code": "SO1-05",
        "area": "SO1",
        "title": "Teknikertrainee: gemensamt traineeprogram för tekniska bristyrken",
        "description": (
            "Ett 18 månaders traineeprogram där drift- och fastighetstekniker roterar mellan SKF, "
            "SEV och Sjöviksbostäder."
        ),
        "owner": "goran.bergqvist@sjovik.example",
        "deputy": "annika.sjogren@sjovik.example",
        "organisation": None,
        "organisations": ["SEV", "SBO", "SBF"],
        "start": -8,
        "due": 10,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "SKF, SEV, Sjöviksbostäder och SBF är överens om ett gemensamt traineeprogram "
                    "för drift- och fastighetstekniker. En styrgrupp är tillsatt."
                ),
                "next_steps": "Ta fram rotationsschema och lönemodell.",
                "risks": "Olika kollektivavtal i bolagen och kommunen.",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Rotationsschemat är klart: 18 månader med sex månader hos vardera tre "
                    "arbetsgivare. HR utreder lönemodellen."
                ),
                "next_steps": "Lösa anställningsformen.",
                "risks": "Avtalsfrågan kan ta tid.",
            },
            {
                "status": "at_risk",
                "progress": 15,
                "comment": (
                    "Juristerna bedömer att en trainee inte kan vara anställd hos tre arbetsgivare "
                    "samtidigt. Alternativet är anställning i SKF och inhyrning till övriga."
                ),
                "next_steps": "Ta fram avtal om inhyrning mellan bolagen.",
                "risks": "Inhyrningen kan kräva upphandling.",
            },
            {
                "status": "at_risk",
                "progress": 18,
                "comment": (
                    "Kommunens jurist bedömer att inhyrningen inom koncernen kan göras utan "
                    "upphandling. Avtalsutkast är skickat till bolagen."
                ),
                "next_steps": "Beslut i bolagens styrelser.",
                "risks": "Styrelserna sammanträder sällan.",
            },
            {
                "status": "on_track",
                "progress": 28,
                "comment": (
                    "SEV:s och Sjöviksbostäders styrelser har godkänt avtalet. Annonsering av fyra "
                    "traineeplatser har startat."
                ),
                "next_steps": "Urval och intervjuer.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 38,
                "comment": (
                    "Annonsen gav 36 ansökningar, varav 11 från gymnasiets el- och energiprogram. "
                    "12 kandidater har intervjuats."
                ),
                "next_steps": "Anställa fyra trainees och planera introduktionen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 46,
                "comment": (
                    "Fyra trainees är anställda, två kvinnor och två män. Handledare är utsedda i "
                    "alla tre bolagen."
                ),
                "next_steps": "Introduktionsvecka och start i första rotationen.",
                "risks": "Handledarnas tid är inte avsatt i alla arbetsplaner.",
            },
            {
                "status": "on_track",
                "progress": 52,
                "comment": (
                    "Traineerna har börjat. Introduktionsveckan fick mycket goda omdömen och "
                    "avslutades med en gemensam dag om koncernens värdegrund."
                ),
                "next_steps": "Första uppföljningssamtal efter sex veckor.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO2-01",
        "area": "SO2",
        "title": "Detaljplan för Norra Strand, cirka 110 bostäder och en förskola",
        "description": (
            "Ny detaljplan för bostadsområdet Norra Strand med flerbostadshus, småhus, förskola "
            "och allmän strandpromenad."
        ),
        "owner": "erik.malmberg@sjovik.example",
        "deputy": "mikael.holmgren@sjovik.example",
        "organisation": None,
        "organisations": ["KLK", "SBO", "SEV"],
        "start": -18,
        "due": -2,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Planuppdraget från kommunstyrelsen finns och start-PM är klart. Planområdet "
                    "rymmer cirka 120 bostäder och en förskola."
                ),
                "next_steps": "Upphandla naturvärdesinventering och dagvattenutredning.",
                "risks": "Markförhållandena nära stranden är okända.",
            },
            {
                "status": "on_track",
                "progress": 10,
                "comment": (
                    "Naturvärdesinventeringen är beställd. Samråd med SEV om VA-anslutning har "
                    "inletts."
                ),
                "next_steps": "Ta fram planskiss inför samrådet.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 16,
                "comment": (
                    "Planskissen är klar med 85 lägenheter i flerbostadshus och 35 småhus. "
                    "Sjöviksbostäder har anmält intresse för två kvarter."
                ),
                "next_steps": "Intern remiss och förberedelser för samråd.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 20,
                "comment": (
                    "Naturvärdesinventeringen visar en lövskog med höga naturvärden i planområdets "
                    "norra del. Planskissen måste justeras."
                ),
                "next_steps": "Ta fram en ny planskiss som sparar lövskogen.",
                "risks": "Färre bostäder påverkar exploateringskalkylen.",
            },
            {
                "status": "at_risk",
                "progress": 24,
                "comment": (
                    "Den nya planskissen sparar lövskogen och ger 108 bostäder. "
                    "Exploateringskalkylen visar ett underskott på 2,4 mnkr."
                ),
                "next_steps": "Stämma av kalkylen med ekonomichefen och Sjöviksbostäder.",
                "risks": "Underskottet kan göra projektet svårt att genomföra.",
            },
            {
                "status": "at_risk",
                "progress": 27,
                "comment": (
                    "Underskottet kan minskas om förskolan samlokaliseras med ett bostadskvarter. "
                    "Dagvattenutredningen har inte startat eftersom konsulten saknar resurser."
                ),
                "next_steps": "Lyfta resursfrågan i KLG.",
                "risks": "Dagvattenutredningen måste vara klar före samrådet.",
            },
            {
                "status": "off_track",
                "progress": 28,
                "comment": (
                    "Dagvattenutredningen ligger tre månader efter plan och planarkitekten är "
                    "föräldraledig från nästa månad."
                ),
                "next_steps": "Förbereda avrop från ramavtalet för planarkitekter.",
                "risks": "Utan extra resurser flyttas antagandet minst ett halvår.",
                "decision": (
                    "KLG behöver besluta om att finansiera en extern planarkitekt och en ny "
                    "dagvattenkonsult, cirka 650 tkr, ur kommunstyrelsens utvecklingsmedel."
                ),
            },
            {
                "status": "at_risk",
                "progress": 32,
                "comment": (
                    "KLG beviljade medlen. En ny dagvattenkonsult har startat och en extern "
                    "planarkitekt är anlitad."
                ),
                "next_steps": "Slutföra dagvattenutredningen och förbereda samrådet.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 38,
                "comment": (
                    "Dagvattenutredningen visar att det behövs en fördröjningsdamm på 1 200 "
                    "kubikmeter. SEV har tagit fram en kostnadsbedömning."
                ),
                "next_steps": "Justera plankartan och skicka planförslaget på samråd.",
                "risks": "Dammen tar mark i anspråk.",
            },
            {
                "status": "on_track",
                "progress": 45,
                "comment": (
                    "Planförslaget är ute på samråd. Samrådsmötet i Folkets hus hade cirka 90 "
                    "besökare."
                ),
                "next_steps": "Sammanställa inkomna synpunkter.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 50,
                "comment": (
                    "Samrådet gav 64 yttranden. Länsstyrelsen har synpunkter på strandskyddet och "
                    "grannar oroar sig för trafiken på Strandvägen."
                ),
                "next_steps": "Beställa trafikutredning och skriva strandskyddsmotivering.",
                "risks": "Länsstyrelsens synpunkter kan leda till överprövning.",
            },
            {
                "status": "at_risk",
                "progress": 55,
                "comment": (
                    "Trafikutredningen är beställd. Länsstyrelsen har i dialog angett att en "
                    "allmän strandpromenad stärker motiveringen för att upphäva strandskyddet."
                ),
                "next_steps": "Arbeta in strandpromenaden och skriva samrådsredogörelsen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 62,
                "comment": (
                    "Samrådsredogörelsen är klar och strandpromenaden är inarbetad. "
                    "Trafikutredningen visar att det behövs en cirkulationsplats vid infarten."
                ),
                "next_steps": "Skicka detaljplanen på granskning.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 68,
                "comment": (
                    "Detaljplanen för Norra Strand är ute på granskning. Tidplanen för antagande i "
                    "KF ligger fast."
                ),
                "next_steps": "Hantera granskningsyttrandena.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 72,
                "comment": (
                    "Granskningen gav 21 yttranden. Länsstyrelsen anser att geotekniken vid "
                    "stranden är otillräckligt utredd."
                ),
                "next_steps": "Beställa en kompletterande geoteknisk undersökning.",
                "risks": "Kompletteringen kan kräva en ny granskning.",
            },
            {
                "status": "off_track",
                "progress": 74,
                "comment": (
                    "Den geotekniska kompletteringen tar åtta veckor. Antagandet i KF kan inte ske "
                    "som planerat och åtgärden passerar sin slutdag."
                ),
                "next_steps": "Informera kommunstyrelsens planutskott och ta fram en ny tidplan.",
                "risks": "Sjöviksbostäders byggstart i området förskjuts.",
                "politicians": (
                    "Kommunstyrelsen och KF behöver få veta att antagandet av detaljplanen för "
                    "Norra Strand skjuts upp, eftersom det påverkar Sjöviksbostäders byggstart och "
                    "intäkterna från markförsäljning i budgeten."
                ),
            },
            {
                "status": "at_risk",
                "progress": 78,
                "comment": (
                    "Planutskottet är informerat och en ny tidplan för antagande i KF är satt. De "
                    "geotekniska provborrningarna är gjorda."
                ),
                "next_steps": (
                    "Analysera provborrningarna och ta fram eventuella planbestämmelser om "
                    "grundläggning."
                ),
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 83,
                "comment": (
                    "Två kvarter behöver grundläggas med pålar, vilket regleras i "
                    "planbestämmelserna. Länsstyrelsen har muntligt godtagit lösningen."
                ),
                "next_steps": (
                    "Slutjustera planhandlingarna och skicka dem till kommunstyrelsen för "
                    "antagande."
                ),
                "risks": "Pålningen ökar grundläggningskostnaden för Sjöviksbostäder.",
            },
        ],
    },
    {
        "code": "SO2-02",
        "area": "SO2",
        "title": "Nyproduktion i Kvarteret Lärkan, 48 hyreslägenheter",
        "description": (
            "Sjöviksbostäder bygger 48 hyreslägenheter i två hus i Kvarteret Lärkan, med "
            "inflyttning i etapper."
        ),
        "owner": "tomas.wikstrom@sjovik.example",
        "deputy": "maria.sundberg@sjovik.example",
        "organisation": None,
        "organisations": ["SBF", "SEV", "KLK"],
        "start": -14,
        "due": 8,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Styrelsen har gett klartecken till projektering av 48 hyreslägenheter i "
                    "Kvarteret Lärkan."
                ),
                "next_steps": "Söka bygglov och starta upphandling av totalentreprenad.",
                "risks": "Byggkostnaderna i regionen stiger snabbt.",
            },
            {
                "status": "on_track",
                "progress": 10,
                "comment": "Bygglov är sökt. Förfrågningsunderlaget för totalentreprenaden är ute.",
                "next_steps": "Utvärdera anbuden när anbudstiden gått ut.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 15,
                "comment": (
                    "Bygglovet beviljades efter fem veckors handläggning. Anbudstiden löper."
                ),
                "next_steps": "Öppna och utvärdera anbuden.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 17,
                "comment": (
                    "Bara två anbud kom in och det lägsta ligger 18 procent över kalkyl, cirka 38 "
                    "500 kronor per kvadratmeter."
                ),
                "next_steps": "Förhandla med anbudsgivaren och ta fram besparingsförslag.",
                "risks": "Hyresnivån kan bli för hög för målgruppen.",
            },
            {
                "status": "at_risk",
                "progress": 19,
                "comment": (
                    "Förhandlingen har gett besparingar på 4,2 mnkr genom enklare fasader och "
                    "färre balkongtyper. Projektet ligger fortfarande 11 procent över kalkyl."
                ),
                "next_steps": "Ta fram en ny finansieringskalkyl.",
                "risks": "Sjöviksbostäders låneutrymme räcker inte.",
            },
            {
                "status": "off_track",
                "progress": 20,
                "comment": (
                    "Den nya kalkylen kräver lån på 112 mnkr, vilket är 14 mnkr över den kommunala "
                    "borgensramen."
                ),
                "next_steps": "Ta fram konsekvenser för båda alternativen.",
                "risks": "Tilldelning måste ske inom anbudets giltighetstid.",
                "decision": (
                    "KLG behöver ta ställning till om koncernen ska föreslå en utökad borgensram "
                    "för Sjöviksbostäder eller om projektet ska minskas till 36 lägenheter."
                ),
            },
            {
                "status": "off_track",
                "progress": 21,
                "comment": (
                    "KLG förordade en utökad borgensram. Ekonomichefen har tagit fram underlag "
                    "till kommunstyrelsen."
                ),
                "next_steps": "Föredragning i kommunstyrelsen.",
                "risks": "Politisk oenighet om kommunens risktagande.",
                "politicians": (
                    "En utökad borgensram för Sjöviksbostäder kräver beslut i KF. Ärendet måste "
                    "tas upp i kommunstyrelsen nästa månad för att anbudet ska hinna tilldelas."
                ),
            },
            {
                "status": "at_risk",
                "progress": 25,
                "comment": (
                    "Kommunstyrelsen föreslår KF att utöka borgensramen. Anbudsgivaren har "
                    "förlängt anbudets giltighet med 30 dagar."
                ),
                "next_steps": "Beslut i KF och därefter tilldelning.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 32,
                "comment": (
                    "KF beslutade om utökad borgensram och kontraktet med totalentreprenören är "
                    "tecknat."
                ),
                "next_steps": "Byggstart och spadtag.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 40,
                "comment": (
                    "Spadtaget är taget tillsammans med kommunstyrelsens ordförande och "
                    "markarbetena har startat."
                ),
                "next_steps": "Grundläggning och VA-anslutning tillsammans med SEV.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 48,
                "comment": (
                    "Grundläggningen av hus A är klar. SEV har anslutit vatten och avlopp enligt "
                    "tidplanen."
                ),
                "next_steps": "Stomresning av hus A och grundläggning av hus B.",
                "risks": "Leveranstiderna för prefabricerade väggelement.",
            },
            {
                "status": "at_risk",
                "progress": 53,
                "comment": (
                    "Väggelementen kom tre veckor för sent, vilket förskjuter stomresningen. "
                    "Entreprenören forcerar med extra skift."
                ),
                "next_steps": "Följa upp tidplanen varje vecka.",
                "risks": "Inflyttningen i hus A kan försenas.",
            },
            {
                "status": "on_track",
                "progress": 60,
                "comment": (
                    "Stommen för hus A är rest och förseningen är nästan ikapp. Uthyrningen har "
                    "startat och 340 har anmält intresse."
                ),
                "next_steps": "Få hus A tätt och resa stommen för hus B.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 66,
                "comment": (
                    "Hus A är tätt och installationerna har börjat. Tre lägenheter är reserverade "
                    "för nyanställda i bristyrken via inflyttarpaketet."
                ),
                "next_steps": "Stomresning av hus B och förbereda en visningslägenhet.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO2-03",
        "area": "SO2",
        "title": "Bygglov på under sex veckor: e-tjänst och ny handläggningsrutin",
        "description": (
            "Kortare handläggningstid för bygglov genom en e-tjänst med obligatoriska uppgifter, "
            "snabb kontroll av fullständighet och veckovis ärendegenomgång."
        ),
        "owner": "mikael.holmgren@sjovik.example",
        "deputy": "sara.ohman@sjovik.example",
        "organisation": None,
        "organisations": ["KLK"],
        "start": -13,
        "due": -3,
        "state": "done",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Handläggningstiden för bygglov är i dag 9,5 veckor i genomsnitt. Processen "
                    "kartläggs tillsammans med alla handläggare."
                ),
                "next_steps": "Hitta flaskhalsarna och ta fram en ny rutin.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 15,
                "comment": (
                    "Kartläggningen visar att 40 procent av ansökningarna är ofullständiga när de "
                    "kommer in. Kompletteringarna står för det mesta av väntetiden."
                ),
                "next_steps": "Ta fram en e-tjänst med obligatoriska fält och checklistor.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 25,
                "comment": (
                    "Kravspecifikationen för e-tjänsten är klar. En ny rutin där alla ansökningar "
                    "kontrolleras inom tre dagar är införd."
                ),
                "next_steps": "Bygga e-tjänsten i e-tjänsteplattformen.",
                "risks": "Plattformsbytet kan påverka tidplanen.",
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "En av tre bygglovshandläggare har sagt upp sig och handläggningstiden har "
                    "tillfälligt ökat till 10,5 veckor."
                ),
                "next_steps": "Rekrytera och ta in konsultstöd under tiden.",
                "risks": "Det är svårt att rekrytera erfarna handläggare.",
            },
            {
                "status": "at_risk",
                "progress": 36,
                "comment": (
                    "Konsultstöd på 50 procent är på plats. Rekryteringen har fått 4 sökande."
                ),
                "next_steps": "Intervjuer och intern test av e-tjänsten.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 45,
                "comment": "En ny handläggare är anställd. E-tjänsten testas av fem byggföretag.",
                "next_steps": "Lansera e-tjänsten för alla sökande.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 58,
                "comment": (
                    "E-tjänsten är lanserad och 70 procent av de nya ansökningarna kommer nu "
                    "digitalt."
                ),
                "next_steps": "Följa upp andelen kompletta ansökningar.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 68,
                "comment": (
                    "Andelen ansökningar som är kompletta när de kommer in har ökat från 60 till "
                    "82 procent. Handläggningstiden är nu 7,2 veckor."
                ),
                "next_steps": "Införa veckovis ärendegenomgång.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 78,
                "comment": (
                    "De veckovisa ärendegenomgångarna är införda. Handläggningstiden är 6,4 veckor."
                ),
                "next_steps": "Ta fram nyckeltal för uppföljning i samhällsbyggnadsnämnden.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 90,
                "comment": (
                    "Handläggningstiden var 5,6 veckor i genomsnitt den senaste månaden. "
                    "Nyckeltalen redovisas nu varje månad."
                ),
                "next_steps": "Skriva slutrapport till KLG.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 100,
                "comment": (
                    "Målet är nått: handläggningstiden har legat under sex veckor tre månader i "
                    "rad. KLG har godkänt slutrapporten."
                ),
                "next_steps": (
                    "Åtgärden avslutas. Uppföljningen fortsätter i samhällsbyggnadsnämndens "
                    "nyckeltal."
                ),
                "risks": "",
            },
        ],
    },
    {
        "code": "SO2-04",
        "area": "SO2",
        "title": "Etableringsmark i Östra verksamhetsområdet",
        "description": (
            "Göra planlagd mark i Östra verksamhetsområdet redo för nya företag, med el, VA och "
            "markanvisningsavtal."
        ),
        "owner": "karin.lind@sjovik.example",
        "deputy": "mikael.holmgren@sjovik.example",
        "organisation": None,
        "organisations": ["SBF", "SEV", "SKF"],
        "start": -9,
        "due": 9,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Tre företag har visat intresse för mark i Östra verksamhetsområdet, bland "
                    "annat ett logistikföretag med cirka 40 arbetstillfällen."
                ),
                "next_steps": "Kartlägga ledig mark och behovet av VA- och elkapacitet.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Det finns 9 hektar planlagd mark. SEV bedömer att elkapaciteten räcker för "
                    "två av tre intressenter."
                ),
                "next_steps": "Dialog med det regionala nätbolaget om förstärkning.",
                "risks": "Elnätets kapacitet kan begränsa etableringen.",
            },
            {
                "status": "at_risk",
                "progress": 16,
                "comment": (
                    "Beskedet från nätbolaget är att förstärkningen av mottagningsstationen tar 24 "
                    "månader."
                ),
                "next_steps": (
                    "Utreda tillfälliga lösningar med SEV, till exempel solceller och batterilager."
                ),
                "risks": "Logistikföretaget kan välja en annan kommun.",
            },
            {
                "status": "at_risk",
                "progress": 20,
                "comment": (
                    "SEV har tagit fram en lösning med effektreserv som ger logistikföretaget el "
                    "inom 9 månader. Kostnaden är 3 mnkr."
                ),
                "next_steps": "Förhandla med företaget om hur kostnaden ska fördelas.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 30,
                "comment": (
                    "Företaget betalar hälften av effektreserven och en avsiktsförklaring är "
                    "undertecknad."
                ),
                "next_steps": "Ta fram markanvisningsavtal.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 38,
                "comment": (
                    "Förslaget till markanvisningsavtal är klart. SKF utreder ett gemensamt "
                    "servicehus för området."
                ),
                "next_steps": "Beslut om markanvisning i kommunstyrelsen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 45,
                "comment": (
                    "Kommunstyrelsen har godkänt markanvisningen. Det andra intresserade "
                    "företaget, en snickerifabrik, har begärt ett möte."
                ),
                "next_steps": "Möte med snickerifabriken och start av VA-projekteringen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 52,
                "comment": (
                    "VA-projekteringen har startat. Snickerifabriken vill köpa 1,5 hektar och har "
                    "lämnat en tidplan."
                ),
                "next_steps": "Ta fram köpeavtal för logistikföretaget.",
                "risks": "VA-utbyggnaden konkurrerar om samma resurser som Norra Strand.",
            },
            {
                "status": "at_risk",
                "progress": 55,
                "comment": (
                    "Köpeavtalet är klart för underskrift, men logistikföretaget har skjutit sitt "
                    "investeringsbeslut tre månader."
                ),
                "next_steps": (
                    "Hålla kontakten med företaget och prioritera snickerifabrikens förfrågan."
                ),
                "risks": (
                    "Drar sig företaget ur står kommunen med hela kostnaden för effektreserven."
                ),
                "decision": (
                    "KLG behöver besluta om kommunen och Sjövik Energi och Vatten delar "
                    "kostnaden för effektreserven fram till att avtalet är klart."
                ),
            },
        ],
    },
    {
        "code": "SO2-05",
        "area": "SO2",
        "title": "Förstudie om kapaciteten i Sjöviks reningsverk",
        "description": (
            "Utreda hur mycket reningsverket klarar när Norra Strand och Östra verksamhetsområdet "
            "byggs ut, och vilka investeringar som behövs."
        ),
        "owner": "annika.sjogren@sjovik.example",
        "deputy": "erik.malmberg@sjovik.example",
        "organisation": "SEV",
        "organisations": ["SBF", "KLK"],
        "start": 1,
        "due": 9,
        "state": "planned",
        "story": [],
    },
    {
        "code": "SO3-01",
        "area": "SO3",
        "title": "Solceller på förskolorna Solrosen, Björken och Tallbacken",
        "description": (
            "SKF installerar solceller på tre förskolor, totalt cirka 210 kW, och SEV tar hand om "
            "anslutningen till elnätet."
        ),
        "owner": "goran.bergqvist@sjovik.example",
        "deputy": "anders.nystrom@sjovik.example",
        "organisation": None,
        "organisations": ["BUF", "SEV"],
        "start": -15,
        "due": -2,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Förstudien är klar för solceller på Solrosen, Björken och Tallbacken, totalt "
                    "cirka 210 kW."
                ),
                "next_steps": "Ta fram förfrågningsunderlag.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Takbesiktningen visar att taket på Björken behöver läggas om före montering. "
                    "Förfrågningsunderlaget är klart."
                ),
                "next_steps": "Annonsera upphandlingen.",
                "risks": "Takomläggningen ökar kostnaden med cirka 300 tkr.",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Upphandlingen är annonserad och takomläggningen på Björken är beställd."
                ),
                "next_steps": "Utvärdera anbuden.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 26,
                "comment": (
                    "Fem anbud kom in. Tilldelningsbeslut har skickats till leverantören med lägst "
                    "pris."
                ),
                "next_steps": "Teckna avtal när avtalsspärren har löpt ut.",
                "risks": "",
            },
            {
                "status": "off_track",
                "progress": 26,
                "comment": (
                    "Upphandlingen av solceller på tre förskolor har överprövats av en av "
                    "anbudsgivarna. Avtal kan inte tecknas förrän förvaltningsrätten har avgjort "
                    "målet."
                ),
                "next_steps": "Lämna yttrande till förvaltningsrätten.",
                "risks": "Förvaltningsrätten har en handläggningstid på 4-6 månader.",
            },
            {
                "status": "off_track",
                "progress": 27,
                "comment": (
                    "Yttrandet är inlämnat. Vår upphandlingsjurist bedömer chanserna som goda, men "
                    "tiden går."
                ),
                "next_steps": "Ta fram konsekvensbeskrivning för båda alternativen.",
                "risks": "Villkoren för stöd till solceller kan ändras under tiden.",
                "decision": (
                    "KLG behöver besluta om vi ska invänta förvaltningsrättens dom eller avbryta "
                    "och göra om upphandlingen, vilket tar cirka fyra månader."
                ),
            },
            {
                "status": "at_risk",
                "progress": 28,
                "comment": "KLG beslutade att invänta domen. Takomläggningen på Björken är klar.",
                "next_steps": "Invänta domen och förbereda montaget.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 28,
                "comment": (
                    "Ingen dom ännu. Förberedande elarbeten är gjorda i Solrosens elcentral."
                ),
                "next_steps": "Fortsätta förberedelserna på Tallbacken.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "Förvaltningsrätten har begärt ett kompletterande yttrande från båda parter. "
                    "Vi svarade inom en vecka."
                ),
                "next_steps": "Invänta domen, som väntas inom två månader.",
                "risks": "Montaget kan krocka med förskolornas verksamhet.",
            },
            {
                "status": "on_track",
                "progress": 35,
                "comment": (
                    "Förvaltningsrätten har avslagit överprövningen och avtalet med leverantören "
                    "är tecknat."
                ),
                "next_steps": "Planera montaget tillsammans med förskolecheferna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 45,
                "comment": (
                    "Anläggningen på Solrosen är monterad och driftsatt. Byggställningen är uppe "
                    "på Björken."
                ),
                "next_steps": "Montage på Björken och Tallbacken.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 52,
                "comment": (
                    "Leverantören saknar växelriktare till Björken på grund av leveransproblem. "
                    "Tallbacken är halvvägs."
                ),
                "next_steps": "Kräva ett nytt leveransdatum av leverantören.",
                "risks": "Åtgärden kommer inte att klara slutdatumet.",
            },
            {
                "status": "at_risk",
                "progress": 60,
                "comment": (
                    "Tallbacken är klar och driftsatt. Enligt leverantören kommer växelriktaren "
                    "till Björken om fyra veckor."
                ),
                "next_steps": "Slutföra Björken.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 68,
                "comment": (
                    "Solrosen har producerat 41 MWh sedan starten, något mer än kalkylen. Björken "
                    "väntar fortfarande på växelriktaren."
                ),
                "next_steps": "Eskalera till leverantörens ledning och pröva om vite kan tas ut.",
                "risks": "Slutdatumet har passerats.",
            },
            {
                "status": "at_risk",
                "progress": 80,
                "comment": (
                    "Växelriktaren har levererats och installeras nu på Björken. Slutbesiktningen "
                    "är bokad."
                ),
                "next_steps": "Slutbesiktning och driftsättning av Björken, därefter slutrapport.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO3-02",
        "area": "SO3",
        "title": "Energieffektivisering i Sjöviksbostäders bestånd",
        "description": (
            "Injustering av värmesystem, frånluftsvärmepumpar och ny styrning i undercentralerna "
            "ska minska energianvändningen i 620 lägenheter med minst 10 procent."
        ),
        "owner": "tomas.wikstrom@sjovik.example",
        "deputy": "annika.sjogren@sjovik.example",
        "organisation": None,
        "organisations": ["SEV"],
        "start": -17,
        "due": -1,
        "state": "done",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Energikartläggningen av 620 lägenheter är klar. Målet är att minska "
                    "energianvändningen med 10 procent."
                ),
                "next_steps": "Prioritera åtgärder per fastighet.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 10,
                "comment": (
                    "Åtgärdslistan är klar: injustering av värmesystem, frånluftsvärmepumpar i sex "
                    "hus och ny styrning av undercentralerna."
                ),
                "next_steps": "Upphandla injusteringen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 16,
                "comment": (
                    "Injusteringen är upphandlad och startar i Västerbacken. SEV bidrar med data "
                    "från fjärrvärmemätarna."
                ),
                "next_steps": "Genomföra injusteringen i etapp 1.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 22,
                "comment": (
                    "Etapp 1 av injusteringen är klar i 180 lägenheter. Hyresgästerna har "
                    "informerats på trapphusmöten."
                ),
                "next_steps": "Etapp 2 och upphandling av värmepumpar.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 28,
                "comment": (
                    "Injusteringen är klar i alla områden. Upphandlingen av frånluftsvärmepumpar "
                    "är annonserad."
                ),
                "next_steps": "Utvärdera anbuden.",
                "risks": "Priserna på värmepumpar har stigit.",
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "Anbuden ligger 22 procent över budget. Vi prioriterar de fyra hus som har "
                    "högst energianvändning."
                ),
                "next_steps": "Teckna avtal för fyra hus.",
                "risks": "Effekten blir lägre än planerat.",
            },
            {
                "status": "on_track",
                "progress": 36,
                "comment": (
                    "Avtal är tecknat för fyra hus. Energianvändningen har minskat med 4 procent "
                    "efter injusteringen."
                ),
                "next_steps": "Installera värmepumpar i hus 1 och 2.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 43,
                "comment": (
                    "Värmepumparna i hus 1 och 2 är installerade. Den nya styrningen av "
                    "undercentralerna är beställd."
                ),
                "next_steps": "Installera i hus 3 och 4.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 48,
                "comment": (
                    "Hyresgäster i hus 2 klagar på kalla lägenheter efter installationen. "
                    "Felsökning pågår med entreprenören."
                ),
                "next_steps": "Åtgärda styrningen i hus 2.",
                "risks": "Hyresgästföreningen har begärt ett möte.",
            },
            {
                "status": "on_track",
                "progress": 54,
                "comment": (
                    "Felet i hus 2 var en felaktig givare och är åtgärdat. Mötet med "
                    "hyresgästföreningen är genomfört."
                ),
                "next_steps": "Fortsätta installationen i hus 3 och 4.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 62,
                "comment": (
                    "Värmepumparna i hus 3 och 4 är installerade. Styrningen är klar i 12 av 18 "
                    "undercentraler."
                ),
                "next_steps": "Slutföra styrningen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 70,
                "comment": (
                    "Styrningen är klar i alla fastigheter. Energianvändningen är 8 procent lägre "
                    "än samma period förra året."
                ),
                "next_steps": "Pröva möjligheten till fler värmepumpar.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 78,
                "comment": (
                    "Vi har fått 1,2 mnkr i stöd för energieffektivisering, vilket räcker till "
                    "värmepumpar i två hus till."
                ),
                "next_steps": "Beställa värmepumpar till hus 5 och 6.",
                "risks": "Kort tid för installationen.",
            },
            {
                "status": "on_track",
                "progress": 85,
                "comment": "Installationen i hus 5 har startat.",
                "next_steps": "Installera i hus 6.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 93,
                "comment": (
                    "Hus 5 och 6 har fått värmepumpar. Energianvändningen är nu 12 procent lägre, "
                    "normalårskorrigerat."
                ),
                "next_steps": "Skriva slutrapport och dela erfarenheterna med SKF.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 100,
                "comment": (
                    "Målet är överträffat med 12 procents minskning och cirka 1,4 mnkr lägre "
                    "energikostnad per år. Slutrapporten är presenterad i KLG."
                ),
                "next_steps": "Åtgärden avslutas. Erfarenheterna används i SKF:s energiplan.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO3-03",
        "area": "SO3",
        "title": "Klimatplan 2030 för kommunkoncernen",
        "description": (
            "En gemensam klimatplan för kommunen och bolagen med mål, åtgärder och nyckeltal som "
            "följs upp i årsredovisningen."
        ),
        "owner": "jonas.ekstrom@sjovik.example",
        "deputy": "annika.sjogren@sjovik.example",
        "organisation": None,
        "organisations": ["SEV", "SBF", "SBO", "SKF"],
        "start": -12,
        "due": -5,
        "state": "done",
        "story": [
            {
                "status": "on_track",
                "progress": 10,
                "comment": (
                    "En arbetsgrupp med miljöstrategen och representanter från SEV, SBF, "
                    "Sjöviksbostäder och SKF är tillsatt. Koncernens utsläpp är sammanställda."
                ),
                "next_steps": "Workshop om mål och åtgärder.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 25,
                "comment": (
                    "Workshopen samlade 24 deltagare. Förslaget är fem målområden: transporter, "
                    "energi, byggande, mat och upphandling."
                ),
                "next_steps": "Ta fram nyckeltal för varje målområde.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 40,
                "comment": (
                    "Nyckeltalen är framtagna, bland annat andel fossilfria fordon och "
                    "energianvändning per kvadratmeter. Kopplingen till budgetprocessen är klar."
                ),
                "next_steps": "Ta fram remissversion av klimatplanen.",
                "risks": "Nämnderna kan vilja ha längre remisstid.",
            },
            {
                "status": "at_risk",
                "progress": 50,
                "comment": (
                    "Remissversionen försenades två veckor eftersom bolagens utsläppsdata inte var "
                    "kvalitetssäkrade."
                ),
                "next_steps": "Skicka planen på remiss till nämnderna och bolagsstyrelserna.",
                "risks": "Remisstiden blir kort.",
            },
            {
                "status": "on_track",
                "progress": 65,
                "comment": (
                    "Remissen är ute. Sjöviksbostäder och SEV har svarat och övriga svar väntas "
                    "inom två veckor."
                ),
                "next_steps": "Sammanställa remissvaren.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 85,
                "comment": (
                    "17 remissvar kom in och planen är justerad, bland annat med ett tydligare mål "
                    "för laddinfrastruktur."
                ),
                "next_steps": "Föredragning i kommunstyrelsen.",
                "risks": "",
                "politicians": (
                    "Klimatplanen ska antas av KF. Den lyfts nu till kommunstyrelsen för beredning "
                    "och förslag till beslut i KF."
                ),
            },
            {
                "status": "on_track",
                "progress": 100,
                "comment": (
                    "KF har antagit klimatplan 2030 för koncernen. Nyckeltalen följs upp i "
                    "årsredovisningen."
                ),
                "next_steps": (
                    "Åtgärden avslutas. Genomförandet sker i åtgärderna inom det strategiska "
                    "området klimat och energiomställning."
                ),
                "risks": "",
            },
        ],
    },
    {
        "code": "SO3-04",
        "area": "SO3",
        "title": "Elbilar och laddplatser i kommunens fordonsflotta",
        "description": (
            "25 bensin- och dieselbilar byts mot elbilar, och laddplatser byggs vid kommunhuset "
            "och hemtjänstens lokaler."
        ),
        "owner": "mikael.holmgren@sjovik.example",
        "deputy": "goran.bergqvist@sjovik.example",
        "organisation": "SBF",
        "organisations": ["SKF", "SOC", "KLK"],
        "start": -9,
        "due": 3,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Inventeringen av kommunens 62 fordon är klar. 25 bensin- och dieselbilar kan "
                    "bytas mot elbilar när leasingavtalen löper ut."
                ),
                "next_steps": "Planera laddplatser vid kommunhuset och hemtjänstens lokaler.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "SKF har projekterat 30 laddplatser vid kommunhuset och 12 vid hemtjänsten "
                    "Norr."
                ),
                "next_steps": "Beställa laddboxar och avropa elbilar.",
                "risks": "Elkapaciteten vid kommunhuset.",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Elbilarna är avropade från det nationella ramavtalet och laddboxarna är "
                    "beställda."
                ),
                "next_steps": "Installera laddplatserna.",
                "risks": "Leveranstiden för bilarna är 4-5 månader.",
            },
            {
                "status": "at_risk",
                "progress": 24,
                "comment": (
                    "SEV:s utredning visar att huvudsäkringen vid kommunhuset måste höjas, vilket "
                    "kräver en ny kabel."
                ),
                "next_steps": "Beställa kabelarbete och lastbalansering.",
                "risks": "Laddplatserna blir inte klara när bilarna levereras.",
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "Lastbalanseringen är beställd och kabelarbetet planerat. Leverantören "
                    "meddelar att 10 av bilarna blir försenade."
                ),
                "next_steps": "Prioritera laddplatserna vid hemtjänsten.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 42,
                "comment": (
                    "De 12 laddplatserna vid hemtjänsten Norr är klara och de första 15 elbilarna "
                    "har levererats till hemtjänsten."
                ),
                "next_steps": "Utbilda förarna och installera laddplatserna vid kommunhuset.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 52,
                "comment": (
                    "48 medarbetare har gått förarutbildningen. Kabelarbetet vid kommunhuset är "
                    "klart."
                ),
                "next_steps": "Installera laddboxarna vid kommunhuset.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 62,
                "comment": (
                    "Laddplatserna vid kommunhuset är driftsatta. Andelen fossilfria fordon är nu "
                    "40 procent."
                ),
                "next_steps": "Ta emot de resterande 10 bilarna.",
                "risks": "Leveransdatumet är fortfarande osäkert.",
            },
            {
                "status": "at_risk",
                "progress": 66,
                "comment": (
                    "Leverantören har skjutit leveransen av de sista 10 bilarna ytterligare två "
                    "månader. Leasingavtalen för de gamla bilarna förlängs tillfälligt."
                ),
                "next_steps": "Undersöka andra bilmodeller inom ramavtalet.",
                "risks": "De förlängda leasingavtalen kostar cirka 18 tkr per månad.",
            },
        ],
    },
    {
        "code": "SO3-05",
        "area": "SO3",
        "title": "Fossilfri spetslast i fjärrvärmen",
        "description": (
            "Oljepannan vid värmeverket ersätts med elpanna och ackumulatortank så att fjärrvärmen "
            "blir helt fossilfri."
        ),
        "owner": "annika.sjogren@sjovik.example",
        "deputy": "maria.sundberg@sjovik.example",
        "organisation": None,
        "organisations": ["KLK"],
        "start": -7,
        "due": 11,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Oljepannan används vid kall väderlek och står för 4 procent av "
                    "fjärrvärmeproduktionen. Förstudien om alternativ har startat."
                ),
                "next_steps": "Jämföra bioolja, elpanna och ackumulatortank.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 15,
                "comment": (
                    "Jämförelsen visar att elpanna med ackumulatortank är billigast över tid. "
                    "Investeringen är cirka 14 mnkr."
                ),
                "next_steps": "Ta fram investeringskalkyl och fråga nätbolaget om effekt.",
                "risks": "Elnätets kapacitet, samma fråga som i Östra verksamhetsområdet.",
            },
            {
                "status": "on_track",
                "progress": 22,
                "comment": (
                    "Investeringen har en återbetalningstid på 11 år. Nätbolaget kan leverera den "
                    "effekt som behövs om tre år."
                ),
                "next_steps": "Utreda bioolja som övergångslösning.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 25,
                "comment": (
                    "Priset på bioolja har ökat med 35 procent och övergångslösningen blir dyr. "
                    "Styrelsen vill veta hur ägaren ser på saken."
                ),
                "next_steps": "Ta fram underlag om hur fjärrvärmetaxan påverkas.",
                "risks": "Taxehöjning för fjärrvärmekunderna.",
                "decision": (
                    "KLG behöver ta ställning till om SEV ska gå vidare med investeringen i "
                    "elpanna och ackumulatortank, och hur den får påverka fjärrvärmetaxan."
                ),
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "KLG ställde sig bakom att SEV går vidare med elpanna och ackumulatortank. "
                    "Taxeeffekten beräknas till 2 procent."
                ),
                "next_steps": "Skriva ärende till kommunstyrelsen.",
                "risks": "",
                "politicians": (
                    "Investeringen är större än 10 mnkr och ska enligt ägardirektivet underställas "
                    "KF. Ärendet lyfts till kommunstyrelsen."
                ),
            },
            {
                "status": "on_track",
                "progress": 38,
                "comment": (
                    "Kommunstyrelsen föreslår KF att godkänna investeringen. "
                    "Förfrågningsunderlaget för ackumulatortanken tas fram."
                ),
                "next_steps": "Beslut i KF och start av upphandlingen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 45,
                "comment": (
                    "KF har godkänt investeringen och upphandlingen av ackumulatortanken är "
                    "annonserad."
                ),
                "next_steps": "Utvärdera anbuden och beställa elpannan.",
                "risks": "Långa leveranstider för elpannor.",
            },
        ],
    },
    {
        "code": "SO4-01",
        "area": "SO4",
        "title": "Gemensam lägesbild och medborgarlöfte med polisen",
        "description": (
            "Veckovis lägesbild med polisen, socialtjänsten, fältassistenterna och "
            "Sjöviksbostäder, och ett medborgarlöfte med fokus på centrum och skolvägar."
        ),
        "owner": "jonas.ekstrom@sjovik.example",
        "deputy": "elin.aberg@sjovik.example",
        "organisation": None,
        "organisations": ["SOC", "KFF", "BUF", "SBO"],
        "start": -14,
        "due": 4,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Första mötet med lokalpolisområdet om ett nytt medborgarlöfte är hållet. "
                    "Trygghetsmätningen visar att 28 procent känner sig otrygga i centrum på "
                    "kvällstid."
                ),
                "next_steps": "Starta veckovis lägesbild med polisen, socialtjänsten och fritid.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Veckovisa lägesbildsmöten har startat med polisen, socialtjänsten, "
                    "fältassistenterna och Sjöviksbostäder."
                ),
                "next_steps": "Ta fram en gemensam mall för lägesbilden.",
                "risks": "Sekretessen mellan socialtjänsten och polisen.",
            },
            {
                "status": "on_track",
                "progress": 18,
                "comment": (
                    "Mallen för lägesbilden är klar. Kommunens jurist har gått igenom vilka "
                    "uppgifter som får delas."
                ),
                "next_steps": "Trygghetsvandringar i centrum och Västerbacken.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 25,
                "comment": (
                    "Trygghetsvandringarna hade 45 deltagare och gav 23 förslag, främst om "
                    "belysning och nedskräpning."
                ),
                "next_steps": "Fördela förslagen till ansvarig förvaltning eller bolag.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 32,
                "comment": (
                    "Förslagen är fördelade: SBF ansvarar för belysningen, Sjöviksbostäder för "
                    "gårdarna och KFF för aktiviteterna."
                ),
                "next_steps": "Skriva medborgarlöftet tillsammans med polisen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 40,
                "comment": (
                    "Medborgarlöftet är undertecknat av kommunchefen och lokalpolisområdeschefen. "
                    "Fokus är centrum på kvällstid och skolvägarna."
                ),
                "next_steps": "Sprida medborgarlöftet till invånarna.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 43,
                "comment": (
                    "En serie bilbränder i Västerbacken har ökat oron. Lägesbilden pekar på en "
                    "mindre grupp unga."
                ),
                "next_steps": "Samordnade insatser från socialtjänsten och fältassistenterna.",
                "risks": "Förtroendet för kommunen i området kan påverkas.",
            },
            {
                "status": "at_risk",
                "progress": 46,
                "comment": (
                    "Socialtjänsten har kontakt med 6 av de unga. Sjöviksbostäder har satt upp "
                    "kameror vid två parkeringar efter att ha fått tillstånd."
                ),
                "next_steps": "Informationsmöte för de boende i Västerbacken.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 52,
                "comment": (
                    "Informationsmötet samlade 70 boende. Inga nya bilbränder har inträffat sedan "
                    "förra månaden."
                ),
                "next_steps": "Utvärdera arbetet med lägesbilden.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 58,
                "comment": (
                    "Utvärderingen visar att lägesbilden gett snabbare insatser, i snitt inom 48 "
                    "timmar. Skolorna vill vara med."
                ),
                "next_steps": "Bjuda in rektorerna till lägesbilden varannan vecka.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 63,
                "comment": (
                    "Rektorerna deltar nu varannan vecka. Hälften av belysningsåtgärderna i "
                    "centrum är genomförda."
                ),
                "next_steps": "Förbereda en ny trygghetsmätning.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 68,
                "comment": (
                    "Den nya trygghetsmätningen är skickad till 1 500 invånare. Hittills har 38 "
                    "procent svarat."
                ),
                "next_steps": "Analysera resultaten.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 74,
                "comment": (
                    "Andelen som känner sig otrygga i centrum på kvällstid har minskat från 28 "
                    "till 21 procent."
                ),
                "next_steps": "Redovisa resultatet för kommunstyrelsen och polisen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 78,
                "comment": (
                    "Resultatet är redovisat i kommunstyrelsen. Polisen och kommunen har börjat "
                    "arbeta med nästa medborgarlöfte."
                ),
                "next_steps": (
                    "Ta fram förslag till nytt medborgarlöfte och förvaltningsplan för lägesbilden."
                ),
                "risks": "Fältassistenternas tjänster är tidsbegränsade.",
            },
        ],
    },
    {
        "code": "SO4-02",
        "area": "SO4",
        "title": "Kvällsöppen fritidsgård i Västerbacken",
        "description": (
            "Fritidsgården flyttar in i en ledig lokal hos Sjöviksbostäder och håller öppet fem "
            "kvällar i veckan."
        ),
        "owner": "hanna.lindqvist@sjovik.example",
        "deputy": "tomas.wikstrom@sjovik.example",
        "organisation": None,
        "organisations": ["SOC", "SBO"],
        "start": -11,
        "due": -1,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Lägesbilden bekräftar behovet av kvällsöppet i Västerbacken. Lokalen i "
                    "Sjöviksbostäders bottenplan på Björkvägen är ledig."
                ),
                "next_steps": "Hyresavtal och bemanningsplan.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Hyresavtalet med Sjöviksbostäder är klart till kostnadshyra. Bemanningsplanen "
                    "kräver 2,5 nya tjänster."
                ),
                "next_steps": "Rekrytera fritidsledare.",
                "risks": "Det är svårt att hitta fritidsledare med rätt utbildning.",
            },
            {
                "status": "at_risk",
                "progress": 18,
                "comment": (
                    "Rekryteringen gav bara 3 sökande och ingen med utbildning. Ombyggnaden av "
                    "lokalen har startat."
                ),
                "next_steps": "Annonsera igen och kontakta folkhögskolans fritidsledarutbildning.",
                "risks": "Öppningen kan försenas.",
            },
            {
                "status": "at_risk",
                "progress": 25,
                "comment": (
                    "Två fritidsledare är anställda men den tredje tjänsten är vakant. Ombyggnaden "
                    "är klar till 60 procent."
                ),
                "next_steps": "Öppna med begränsade öppettider.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 40,
                "comment": (
                    "Fritidsgården har öppnat, tre kvällar i veckan i stället för fem. Cirka 25 "
                    "besökare per kväll."
                ),
                "next_steps": "Fortsätta rekryteringen.",
                "risks": "",
            },
            {
                "status": "off_track",
                "progress": 42,
                "comment": (
                    "En fritidsledare har sagt upp sig och vi kan bara hålla öppet två kvällar. "
                    "Enligt lägesbilden ökar då trycket på centrum igen."
                ),
                "next_steps": (
                    "Undersöka samarbete med föreningar och socialförvaltningens fältassistenter."
                ),
                "risks": "Verksamheten kan behöva stänga tillfälligt.",
            },
            {
                "status": "off_track",
                "progress": 45,
                "comment": (
                    "Fotbollsklubben bemannar en tredje kväll med två ledare. Vi för dialog med "
                    "socialförvaltningen om att låna fältassistenterna."
                ),
                "next_steps": "Ta fram en överenskommelse mellan KFF och SOC.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 55,
                "comment": (
                    "Överenskommelsen med socialförvaltningen är klar och fältassistenterna "
                    "bemannar två kvällar. Fritidsgården har nu öppet fyra kvällar."
                ),
                "next_steps": "Fortsätta rekryteringen av fritidsledare.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 65,
                "comment": (
                    "En ny fritidsledare är anställd och börjar om sex veckor. I snitt kommer 31 "
                    "besökare per kväll."
                ),
                "next_steps": "Förbereda den femte kvällen.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 75,
                "comment": (
                    "Den nya fritidsledaren har börjat men introduktionen tar tid. Slutdatumet "
                    "passeras innan alla fem kvällar är igång."
                ),
                "next_steps": "Öppna den femte kvällen nästa månad.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 85,
                "comment": (
                    "Fritidsgården har nu öppet fem kvällar i veckan. Polisen rapporterar färre "
                    "ordningsstörningar i Västerbacken."
                ),
                "next_steps": (
                    "Utvärdera med besökarna och ta fram en förvaltningsplan inför avslut."
                ),
                "risks": "Finansieringen för nästa år är inte beslutad.",
            },
        ],
    },
    {
        "code": "SO4-03",
        "area": "SO4",
        "title": "Tidiga och samordnade insatser för barn och unga",
        "description": (
            "Skola, elevhälsa och socialtjänst arbetar tillsammans med en samordnad plan för barn "
            "som har insatser från båda, med socialsekreterare på plats i skolan."
        ),
        "owner": "anders.nystrom@sjovik.example",
        "deputy": "elin.aberg@sjovik.example",
        "organisation": None,
        "organisations": ["SOC", "KFF"],
        "start": -15,
        "due": -1,
        "state": "done",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "En arbetsgrupp med elevhälsa, socialtjänst och fritid är tillsatt. 41 barn "
                    "har insatser från både skolan och socialtjänsten."
                ),
                "next_steps": "Ta fram en modell för samordnad individuell plan.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 10,
                "comment": (
                    "Vi har studerat två andra kommuners modeller och valt ett gemensamt "
                    "elevhälsoteam med socialsekreterare på plats i skolan."
                ),
                "next_steps": "Planera en pilot på Sjöviksskolan.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 16,
                "comment": (
                    "En socialsekreterare finns på Sjöviksskolan två dagar i veckan. "
                    "Samtyckesblanketten är klar."
                ),
                "next_steps": "Starta piloten.",
                "risks": "Sekretessfrågorna mellan skola och socialtjänst.",
            },
            {
                "status": "on_track",
                "progress": 22,
                "comment": (
                    "Piloten har startat och 9 familjer har gett samtycke till en samordnad plan."
                ),
                "next_steps": "Följa upp efter två månader.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 25,
                "comment": (
                    "Socialsekreteraren på Sjöviksskolan har sagt upp sig. Piloten bemannas "
                    "tillfälligt en dag i veckan."
                ),
                "next_steps": "Rekrytera tillsammans med socialförvaltningen.",
                "risks": "Familjerna tappar kontinuiteten.",
            },
            {
                "status": "at_risk",
                "progress": 28,
                "comment": (
                    "Rekryteringen pågår. Elevhälsan har tillfälligt tagit över samordningen av de "
                    "nio planerna."
                ),
                "next_steps": "Anställa en ny socialsekreterare.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 35,
                "comment": (
                    "Den nya socialsekreteraren är på plats och fyra nya familjer har gett "
                    "samtycke."
                ),
                "next_steps": "Utbilda all personal på Sjöviksskolan i samverkan.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 42,
                "comment": (
                    "38 medarbetare har gått utbildningen. Frånvaron bland eleverna i piloten har "
                    "minskat."
                ),
                "next_steps": "Mäta effekterna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 50,
                "comment": (
                    "Den problematiska frånvaron i pilotgruppen har minskat från 24 till 14 "
                    "procent."
                ),
                "next_steps": "Förbereda utvidgning till Västerbackens skola.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 58,
                "comment": (
                    "Västerbackens skola har anslutit och fritidsgården deltar nu i "
                    "samverkansmötena."
                ),
                "next_steps": "Gemensam rutin för orosanmälningar.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 66,
                "comment": (
                    "Båda förvaltningarna har antagit en ny rutin för orosanmälningar. Tiden för "
                    "förhandsbedömning har kortats."
                ),
                "next_steps": "Ta fram en samverkansöverenskommelse.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 75,
                "comment": "Samverkansöverenskommelsen är förhandlad och skickad till nämnderna.",
                "next_steps": "Beslut i nämnderna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 83,
                "comment": (
                    "Barn- och utbildningsnämnden och socialnämnden har godkänt överenskommelsen."
                ),
                "next_steps": "Gemensam uppföljning och utvärdering.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 92,
                "comment": (
                    "Utvärderingen är klar: 19 av 23 familjer upplever bättre samordning. Två "
                    "placeringar har kunnat undvikas."
                ),
                "next_steps": "Slutrapport till KLG.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 100,
                "comment": (
                    "KLG har godkänt slutrapporten. Arbetssättet ingår nu i ordinarie verksamhet "
                    "på båda skolorna."
                ),
                "next_steps": (
                    "Åtgärden avslutas. Uppföljningen sker i förvaltningarnas verksamhetsplaner."
                ),
                "risks": "",
            },
        ],
    },
    {
        "code": "SO4-04",
        "area": "SO4",
        "title": "Trygghetsbelysning och tryggare utemiljöer",
        "description": (
            "Förslagen från trygghetsvandringarna genomförs: ny belysning på gång- och cykelvägar, "
            "röjning av buskage och bättre belysning vid portar och parkeringar."
        ),
        "owner": "erik.malmberg@sjovik.example",
        "deputy": "tomas.wikstrom@sjovik.example",
        "organisation": "SBF",
        "organisations": ["SBO", "SKF", "SEV"],
        "start": -5,
        "due": 7,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 8,
                "comment": (
                    "De 23 förslagen från trygghetsvandringarna är prioriterade. Gång- och "
                    "cykelvägen genom Västerbacken har högst prioritet."
                ),
                "next_steps": "Projektera ny belysning.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 18,
                "comment": (
                    "Projekteringen är klar för 42 nya LED-armaturer. Sjöviksbostäder röjer "
                    "buskage på tre gårdar."
                ),
                "next_steps": "Avropa armaturer och beställa elarbeten via SEV.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 28,
                "comment": "Armaturerna är avropade. Buskröjningen är klar på två av tre gårdar.",
                "next_steps": "Montera belysningen.",
                "risks": "Montaget kräver att gång- och cykelvägen stängs av under några dagar.",
            },
            {
                "status": "at_risk",
                "progress": 32,
                "comment": (
                    "Armaturerna är sex veckor försenade hos grossisten. Sjöviksbostäder har bytt "
                    "belysning vid fem portar."
                ),
                "next_steps": "Montera när armaturerna levereras.",
                "risks": "Förseningen skjuter montaget framåt.",
            },
            {
                "status": "at_risk",
                "progress": 38,
                "comment": (
                    "Den första leveransen har kommit och montaget har startat på gång- och "
                    "cykelvägen. SKF har lagt till belysning vid idrottshallens parkering."
                ),
                "next_steps": "Slutföra montaget och göra en ny trygghetsvandring.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO4-05",
        "area": "SO4",
        "title": "Gemensam ungdomsmottagning med Åsby kommun",
        "description": (
            "En gemensam ungdomsmottagning i Sjöviks centrum tillsammans med grannkommunen och "
            "regionen."
        ),
        "owner": "lena.forsberg@sjovik.example",
        "deputy": "elin.aberg@sjovik.example",
        "organisation": None,
        "organisations": ["SOC"],
        "start": -10,
        "due": 2,
        "state": "cancelled",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Dialogen med Åsby kommun och regionen om en gemensam ungdomsmottagning i "
                    "Sjöviks centrum har inletts."
                ),
                "next_steps": "Ta fram förslag på kostnadsfördelning.",
                "risks": "Regionens finansiering är osäker.",
            },
            {
                "status": "on_track",
                "progress": 15,
                "comment": (
                    "Kostnadsförslaget är klart och Sjöviks andel blir 420 tkr per år. Lokal kan "
                    "ordnas i vårdcentralens hus."
                ),
                "next_steps": "Beslut i respektive kommun.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 18,
                "comment": (
                    "Regionen har meddelat att den ser över finansieringen av "
                    "ungdomsmottagningarna i hela länet."
                ),
                "next_steps": "Invänta regionens besked.",
                "risks": "Utan regionen blir kostnaden mer än dubbelt så hög.",
            },
            {
                "status": "at_risk",
                "progress": 18,
                "comment": "Inget besked från regionen ännu. Åsby kommun har pausat sitt ärende.",
                "next_steps": "Möte med regionen och Åsby kommun.",
                "risks": "",
            },
            {
                "status": "off_track",
                "progress": 20,
                "comment": (
                    "Regionen drar tillbaka sin finansiering och Åsby har dragit sig ur. Sjövik "
                    "skulle behöva bära hela kostnaden, cirka 1,1 mnkr per år."
                ),
                "next_steps": "Ta fram alternativ.",
                "risks": "",
                "decision": (
                    "KLG behöver besluta om åtgärden ska avslutas, eller om vi ska utreda en "
                    "mindre mottagning i egen regi via elevhälsan."
                ),
            },
            {
                "status": "off_track",
                "progress": 20,
                "comment": (
                    "KLG beslutade att avsluta åtgärden. Elevhälsan utökar i stället sina öppna "
                    "mottagningstider på högstadiet."
                ),
                "next_steps": (
                    "Åtgärden avslutas. Frågan tas upp igen om regionen ändrar sin finansiering."
                ),
                "risks": "",
            },
        ],
    },
    {
        "code": "SO5-01",
        "area": "SO5",
        "title": "Ny e-tjänsteplattform och Mina sidor för invånare",
        "description": (
            "Kommunens och SEV:s e-tjänster samlas på en plattform med e-legitimation och Mina "
            "sidor, så att invånarna kan följa sina ärenden."
        ),
        "owner": "sara.ohman@sjovik.example",
        "deputy": "sofia.berglund@sjovik.example",
        "organisation": None,
        "organisations": ["BUF", "SOC", "SBF", "SEV"],
        "start": -13,
        "due": 5,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Dagens e-tjänster finns i fyra olika system. Behovsanalysen med "
                    "förvaltningarna och SEV har startat."
                ),
                "next_steps": "Ta fram kravspecifikation.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 10,
                "comment": (
                    "Kravspecifikationen är klar och plattformen avropas från ett nationellt "
                    "ramavtal."
                ),
                "next_steps": "Avrop och avtal.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 17,
                "comment": "Avtalet är tecknat och inloggning med e-legitimation är testad.",
                "next_steps": "Flytta över de tio mest använda e-tjänsterna.",
                "risks": "Förvaltningarna har ont om tid för test.",
            },
            {
                "status": "on_track",
                "progress": 24,
                "comment": (
                    "Fyra e-tjänster är flyttade, bland annat ansökan om förskoleplats och "
                    "felanmälan av gatubelysning."
                ),
                "next_steps": "Fortsätta flytten.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 27,
                "comment": (
                    "Integrationen mot socialförvaltningens verksamhetssystem fungerar inte som "
                    "planerat. Leverantören behöver ta fram ett nytt API."
                ),
                "next_steps": "Eskalera till leverantören.",
                "risks": "Ansökan om försörjningsstöd kan inte flyttas.",
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "Leverantören har lovat ett API inom tre månader. Övriga e-tjänster flyttas "
                    "enligt plan."
                ),
                "next_steps": "Flytta SEV:s e-tjänster.",
                "risks": "Extra konsultkostnad på cirka 200 tkr.",
            },
            {
                "status": "on_track",
                "progress": 40,
                "comment": (
                    "SEV:s e-tjänster för flyttanmälan och mätarställning är flyttade. Mina sidor "
                    "testas internt."
                ),
                "next_steps": "Användartester med invånare.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 48,
                "comment": (
                    "12 invånare har testat Mina sidor, bland annat på biblioteket. Testerna ledde "
                    "till en enklare meny."
                ),
                "next_steps": "Lansera Mina sidor.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 56,
                "comment": "Mina sidor är lanserat och hade 1 800 inloggningar första månaden.",
                "next_steps": "Kommunikationsinsats och utbildning av kontaktcenter.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 58,
                "comment": (
                    "API:t från leverantören är försenat igen, och ansökan om försörjningsstöd "
                    "ligger kvar i det gamla systemet."
                ),
                "next_steps": "Möte med leverantörens ledning.",
                "risks": "Socialförvaltningen får arbeta i två system längre än planerat.",
            },
            {
                "status": "at_risk",
                "progress": 62,
                "comment": (
                    "Leverantören har levererat en testversion av API:t. Socialförvaltningen "
                    "testar."
                ),
                "next_steps": "Test och produktionssättning.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 70,
                "comment": (
                    "API:t är godkänt i test. 16 av 22 e-tjänster finns nu på den nya plattformen."
                ),
                "next_steps": "Produktionssätta ansökan om försörjningsstöd.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 76,
                "comment": (
                    "Ansökan om försörjningsstöd är i drift på den nya plattformen och 38 procent "
                    "av ansökningarna kom in digitalt redan första veckan."
                ),
                "next_steps": "Flytta de sista sex e-tjänsterna och säga upp de gamla avtalen.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO5-02",
        "area": "SO5",
        "title": "Automatiserad fakturahantering för kommunen och bolagen",
        "description": (
            "Fler e-fakturor, automatisk kontering och matchning mot avtal ska korta attesttiden "
            "och frigöra tid på ekonomienheten."
        ),
        "owner": "maria.sundberg@sjovik.example",
        "deputy": "sara.ohman@sjovik.example",
        "organisation": None,
        "organisations": ["SBO", "SKF"],
        "start": -12,
        "due": 1,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Ekonomienheten hanterar cirka 28 000 leverantörsfakturor per år, varav 35 "
                    "procent kommer som e-faktura."
                ),
                "next_steps": "Ta fram en plan för fler e-fakturor och automatisk kontering.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Krav på e-faktura har skickats till de 150 största leverantörerna. "
                    "Sjöviksbostäder och SKF ansluter sig till arbetet."
                ),
                "next_steps": "Sätta upp regler för automatisk kontering.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Andelen e-fakturor har ökat till 52 procent. Konteringsregler för tio "
                    "leverantörer är uppsatta."
                ),
                "next_steps": "Testa automatisk matchning mot avtal.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 28,
                "comment": "Matchningen mot avtal fungerar för el, telefoni och livsmedel.",
                "next_steps": "Utöka till fler leverantörer.",
                "risks": "Ekonomisystemet ska uppgraderas.",
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "Uppgraderingen av ekonomisystemet tar längre tid än planerat och "
                    "automatiseringen står still i fyra veckor."
                ),
                "next_steps": "Slutföra uppgraderingen.",
                "risks": "Personalen på ekonomienheten är hårt belastad.",
            },
            {
                "status": "on_track",
                "progress": 38,
                "comment": "Uppgraderingen är klar och automatiseringen är igång igen.",
                "next_steps": "Införa samma regler i bolagen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 46,
                "comment": (
                    "Sjöviksbostäder har infört samma regler. 24 procent av fakturorna hanteras nu "
                    "helt automatiskt."
                ),
                "next_steps": "Införande i SKF.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 54,
                "comment": "SKF är anslutet. Attesttiden har minskat från 11 till 7 dagar i snitt.",
                "next_steps": "Utbilda attestanterna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 62,
                "comment": (
                    "40 attestanter har utbildats och antalet påminnelsefakturor har halverats."
                ),
                "next_steps": "Följa upp besparingen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 70,
                "comment": (
                    "78 procent av fakturorna är e-fakturor och 41 procent hanteras helt "
                    "automatiskt. Det motsvarar 0,8 frigjorda årsarbetare."
                ),
                "next_steps": "Bestämma hur den frigjorda tiden ska användas.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 78,
                "comment": (
                    "Den frigjorda tiden används till ekonomistöd för förvaltningarnas arbete med "
                    "budget i balans."
                ),
                "next_steps": "Fortsätta automatiseringen med fler leverantörer.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 85,
                "comment": (
                    "44 procent av fakturorna hanteras nu helt automatiskt. Arbetet med "
                    "slutrapporten har börjat."
                ),
                "next_steps": "Lägga fram slutrapport och förvaltningsplan på nästa KLG-möte.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO5-03",
        "area": "SO5",
        "title": "Digital tillsyn och nyckelfria lås i hemtjänsten",
        "description": (
            "Nattlig tillsyn med kamera för brukare som vill ha det, och digitala lås i stället "
            "för nyckelhantering i hemtjänsten."
        ),
        "owner": "elin.aberg@sjovik.example",
        "deputy": "sara.ohman@sjovik.example",
        "organisation": None,
        "organisations": ["KLK", "SBO"],
        "start": -10,
        "due": 2,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Hemtjänsten gör cirka 1 900 nattliga tillsynsbesök per månad. En förstudie om "
                    "digital tillsyn har startat."
                ),
                "next_steps": "Ta fram rutiner och process för samtycke.",
                "risks": "Frågor om personlig integritet.",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Rutiner och samtyckesblankett är klara. Dataskyddsombudet har godkänt "
                    "konsekvensbedömningen."
                ),
                "next_steps": "Avropa nyckelfria lås.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Nyckelfria lås är avropade för 160 brukare. Hemtjänsten Norr får dem först."
                ),
                "next_steps": "Installation och utbildning.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 24,
                "comment": (
                    "Installationen är försenad eftersom låsen inte passar de äldre dörrarna i en "
                    "del av Sjöviksbostäders lägenheter."
                ),
                "next_steps": "Hitta en lösning tillsammans med Sjöviksbostäder.",
                "risks": "Dörrbyten blir en extra kostnad.",
            },
            {
                "status": "on_track",
                "progress": 32,
                "comment": (
                    "Sjöviksbostäder byter låscylindrar i 40 lägenheter inom ordinarie underhåll. "
                    "Installationen i Norr är klar."
                ),
                "next_steps": "Digital tillsyn för de första 10 brukarna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 40,
                "comment": (
                    "10 brukare har digital tillsyn nattetid. Hemtjänsten Norr hanterar inte "
                    "längre några nycklar."
                ),
                "next_steps": "Utöka till hemtjänsten Syd.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 50,
                "comment": (
                    "Digital tillsyn finns nu hos 24 brukare. Hemtjänsten har sparat cirka 260 "
                    "körtimmar per månad."
                ),
                "next_steps": "Installera i hemtjänsten Syd.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 54,
                "comment": (
                    "Två brukare har avslutat den digitala tillsynen och anhöriga har klagat till "
                    "socialnämnden. Informationen vid starten var bristfällig."
                ),
                "next_steps": "Förbättra informationen och rutinen vid start.",
                "risks": "Negativ uppmärksamhet i lokalpressen.",
            },
            {
                "status": "on_track",
                "progress": 60,
                "comment": (
                    "En ny informationsfolder och hembesök före start är införda. Inga nya "
                    "klagomål har kommit in."
                ),
                "next_steps": "Slutföra installationen i hemtjänsten Syd.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 68,
                "comment": (
                    "Nyckelfria lås är installerade hos 148 av 160 brukare och 31 brukare har "
                    "digital tillsyn."
                ),
                "next_steps": "Installera de sista låsen och förbereda avslut.",
                "risks": "",
            },
        ],
    },
    {
        "code": "SO5-04",
        "area": "SO5",
        "title": "Fjärravlästa vattenmätare",
        "description": (
            "SEV byter 5 200 vattenmätare mot fjärravlästa mätare, så att läckor upptäcks tidigt "
            "och kunderna slipper läsa av själva."
        ),
        "owner": "annika.sjogren@sjovik.example",
        "deputy": "goran.bergqvist@sjovik.example",
        "organisation": None,
        "organisations": [],
        "start": -10,
        "due": 8,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "SEV har 5 200 vattenmätare som kunderna läser av själva. Upphandlingen av "
                    "fjärravlästa mätare har startat."
                ),
                "next_steps": "Utvärdera anbuden.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Avtalet med leverantören är tecknat. Mätarna kommunicerar via ett trådlöst "
                    "nät som även kan användas för andra sensorer."
                ),
                "next_steps": "Bygga ut nätet.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Sex basstationer är monterade, bland annat på vattentornet. Täckningen är "
                    "testad i 90 procent av kommunen."
                ),
                "next_steps": "Börja byta mätare i centralorten.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 22,
                "comment": (
                    "Leverantören har komponentbrist och kan bara leverera 400 mätare per månad i "
                    "stället för 800."
                ),
                "next_steps": "Justera tidplanen.",
                "risks": "Bytet tar dubbelt så lång tid.",
            },
            {
                "status": "at_risk",
                "progress": 28,
                "comment": (
                    "800 mätare är bytta. Kunderna som står på tur har fått information via Mina "
                    "sidor."
                ),
                "next_steps": "Fortsätta bytet i centralorten.",
                "risks": "Leveranstakten är fortfarande halverad.",
            },
            {
                "status": "at_risk",
                "progress": 34,
                "comment": (
                    "1 250 mätare är bytta. Fjärravläsningen har redan hittat två stora läckor."
                ),
                "next_steps": "Förhandla med leverantören om full leveranstakt.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 42,
                "comment": "Leverantören levererar nu full volym och 2 050 mätare är bytta.",
                "next_steps": "Testa automatiska läckagevarningar till kunderna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 52,
                "comment": (
                    "2 900 mätare är bytta. Läckagevarningar skickas nu automatiskt till kunderna "
                    "via sms."
                ),
                "next_steps": "Fortsätta bytet i ytterområdena.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 60,
                "comment": (
                    "3 600 mätare är bytta. Andelen ofakturerat vatten har minskat från 19 till 15 "
                    "procent."
                ),
                "next_steps": "Slutföra bytet och koppla mätdata till kundsystemet.",
                "risks": "Det är svårt att få tillträde till mätare i fritidshus.",
            },
            {"missing": True},
        ],
    },
    {
        "code": "SO5-05",
        "area": "SO5",
        "title": "Gemensamt felanmälnings- och fastighetssystem för SKF och Sjöviksbostäder",
        "description": (
            "SKF och Sjöviksbostäder upphandlar ett gemensamt system för felanmälan, arbetsordrar "
            "och underhållsplanering."
        ),
        "owner": "goran.bergqvist@sjovik.example",
        "deputy": "tomas.wikstrom@sjovik.example",
        "organisation": None,
        "organisations": ["SBO"],
        "start": 0,
        "due": 12,
        "state": "planned",
        "story": [],
    },
    {
        "code": "SO6-01",
        "area": "SO6",
        "title": "Lokalförsörjningsplan: minska kommunens lokalyta med 5 procent",
        "description": (
            "Genom samlokalisering, avveckling av paviljonger och uppsägning av externa hyresavtal "
            "ska lokalkostnaderna minska utan att verksamheten försämras."
        ),
        "owner": "maria.sundberg@sjovik.example",
        "deputy": "goran.bergqvist@sjovik.example",
        "organisation": "KLK",
        "organisations": ["SKF", "BUF", "KFF", "SOC"],
        "start": -15,
        "due": 3,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Kommunen hyr 68 000 kvadratmeter lokaler av SKF och externa hyresvärdar. "
                    "Inventeringen av hur lokalerna används har startat."
                ),
                "next_steps": "Samla in uppgifter om nyttjandet från förvaltningarna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 12,
                "comment": (
                    "Uppgifter finns för 41 av 52 lokaler. Flera lokaler används mindre än 30 "
                    "procent av tiden."
                ),
                "next_steps": "Slutföra inventeringen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 18,
                "comment": (
                    "Inventeringen är klar och SKF har tagit fram underhållsbehovet per lokal."
                ),
                "next_steps": "Ta fram scenarier för minskad yta.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 25,
                "comment": (
                    "Tre scenarier är framtagna: samlokalisering, avveckling av paviljonger och "
                    "uppsägning av externa hyresavtal."
                ),
                "next_steps": "Dialog med förvaltningscheferna.",
                "risks": "Förvaltningarna kan uppleva att de förlorar lokaler.",
            },
            {
                "status": "at_risk",
                "progress": 28,
                "comment": (
                    "Förvaltningscheferna är överens om principerna men inte om vilka lokaler som "
                    "berörs. BUF vill behålla paviljongen vid Furulundsskolan."
                ),
                "next_steps": "Ta fram elevprognos för Furulund.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 31,
                "comment": (
                    "Elevprognosen visar ett minskande elevantal i Furulund de kommande fem åren."
                ),
                "next_steps": "Konsekvensanalys för de berörda lokalerna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 38,
                "comment": (
                    "Konsekvensanalysen är klar. Förslaget minskar ytan med 3 600 kvadratmeter och "
                    "hyreskostnaden med 4,1 mnkr per år."
                ),
                "next_steps": "Förbereda underlag till KLG.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 42,
                "comment": "Underlaget till KLG är klart och facklig samverkan är genomförd.",
                "next_steps": "Beslut i KLG.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 44,
                "comment": (
                    "KLG diskuterade förslaget men vill ha mer underlag om kultur- och "
                    "fritidsförvaltningens lokaler."
                ),
                "next_steps": "Komplettera med KFF:s lokaler.",
                "risks": "Tidplanen förskjuts en månad.",
            },
            {
                "status": "at_risk",
                "progress": 46,
                "comment": (
                    "Kompletteringen är klar. Förslaget är att avveckla paviljongen vid "
                    "Furulundsskolan, flytta fritidsgården Ekbacken till biblioteket och säga upp "
                    "en extern kontorslokal."
                ),
                "next_steps": "Skriva ärende till kommunstyrelsen.",
                "risks": "",
                "decision": (
                    "KLG behöver besluta om förslaget till lokalförsörjningsplan ska gå vidare "
                    "till kommunstyrelsen."
                ),
            },
            {
                "status": "on_track",
                "progress": 52,
                "comment": (
                    "KLG ställde sig bakom förslaget och ärendet till kommunstyrelsen är skrivet."
                ),
                "next_steps": "Informera berörd personal.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 55,
                "comment": (
                    "En namninsamling mot flytten av fritidsgården Ekbacken har fått 600 namn."
                ),
                "next_steps": "Dialogmöte med föreningar och föräldrar.",
                "risks": "Beslutet kan skjutas upp.",
                "politicians": (
                    "Lokalförsörjningsplanen kräver politiskt beslut och har väckt starkt lokalt "
                    "engagemang kring fritidsgården Ekbacken. Kommunstyrelsen behöver ta ställning "
                    "till planen och till hur dialogen med invånarna ska föras."
                ),
            },
            {
                "status": "at_risk",
                "progress": 58,
                "comment": (
                    "Dialogmötet hade cirka 80 deltagare. Förslaget justeras så att fritidsgården "
                    "behåller egen entré och sina kvällsöppettider."
                ),
                "next_steps": "Beslut i kommunstyrelsen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 66,
                "comment": (
                    "Kommunstyrelsen har antagit lokalförsörjningsplanen med justeringen. "
                    "Uppsägningen av den externa kontorslokalen är skickad."
                ),
                "next_steps": "Planera flytten och avvecklingen av paviljongen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 72,
                "comment": (
                    "SKF har tagit fram en tidplan för att avveckla paviljongen. Ytan har hittills "
                    "minskat med 1 100 kvadratmeter."
                ),
                "next_steps": "Flytta kontorspersonalen och bygga om i biblioteket.",
                "risks": "Ombyggnaden i biblioteket är inte budgeterad.",
            },
        ],
    },
    {
        "code": "SO6-02",
        "area": "SO6",
        "title": "Åtgärdsplan för budget i balans",
        "description": (
            "En gemensam åtgärdsplan för att hantera det prognostiserade underskottet, med "
            "effektiviseringar i alla förvaltningar och månadsvis uppföljning."
        ),
        "owner": "karin.lind@sjovik.example",
        "deputy": "maria.sundberg@sjovik.example",
        "organisation": None,
        "organisations": ["BUF", "SOC", "SBF", "KFF"],
        "start": -8,
        "due": 4,
        "state": "ongoing",
        "story": [
            {
                "status": "at_risk",
                "progress": 5,
                "comment": (
                    "Prognosen visar ett underskott på 14 mnkr för helåret, främst inom "
                    "socialförvaltningen och barn- och utbildningsförvaltningen."
                ),
                "next_steps": "Alla förvaltningar tar fram åtgärdsförslag.",
                "risks": "Kostnaderna för externa placeringar fortsätter att öka.",
            },
            {
                "status": "at_risk",
                "progress": 15,
                "comment": (
                    "Förvaltningarnas åtgärdsförslag uppgår till 9,5 mnkr. Anställningsstopp för "
                    "administrativa tjänster är infört."
                ),
                "next_steps": "Ta fram fler förslag.",
                "risks": "Det återstår ett gap på 4,5 mnkr.",
            },
            {
                "status": "off_track",
                "progress": 20,
                "comment": (
                    "Gapet är fortfarande 4,5 mnkr och förvaltningarna menar att ytterligare "
                    "besparingar påverkar kärnverksamheten."
                ),
                "next_steps": "Ta fram en fördelningsnyckel.",
                "risks": "",
                "decision": (
                    "KLG behöver besluta hur det återstående effektiviseringskravet på 4,5 mnkr "
                    "ska fördelas mellan förvaltningarna och om externa utbildningar ska stoppas i "
                    "hela koncernen."
                ),
            },
            {
                "status": "at_risk",
                "progress": 30,
                "comment": (
                    "KLG beslutade att fördela kravet efter nettokostnad och att stoppa externa "
                    "utbildningar. Alla förvaltningar har nu åtgärdslistor som täcker kravet."
                ),
                "next_steps": "Konsekvensbeskrivningar till nämnderna.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 40,
                "comment": (
                    "Nämnderna har behandlat åtgärderna. Socialnämnden vill inte minska "
                    "dagverksamheten för äldre."
                ),
                "next_steps": "Ta fram alternativ tillsammans med socialförvaltningen.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 50,
                "comment": (
                    "Socialnämnden föreslår i stället fler hemmaplanslösningar för att minska de "
                    "externa placeringarna. Prognosen visar nu ett underskott på 6 mnkr."
                ),
                "next_steps": "Bereda ärendet till kommunstyrelsen.",
                "risks": "Underskottet måste återställas inom tre år.",
                "politicians": (
                    "Åtgärdsplanen räcker inte hela vägen. KF behöver ta ställning till hur "
                    "underskottet ska återställas och hur det påverkar budgeten för nästa år."
                ),
            },
            {
                "status": "on_track",
                "progress": 60,
                "comment": (
                    "KF beslutade att underskottet ska återställas över två år. Åtgärderna följs "
                    "upp varje månad."
                ),
                "next_steps": "Månadsuppföljning i KLG.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 68,
                "comment": (
                    "Prognosen har förbättrats till ett underskott på 3,8 mnkr. Vakanta tjänster "
                    "och lägre placeringskostnader bidrar mest."
                ),
                "next_steps": "Fortsatt uppföljning och underlag till budgeten för nästa år.",
                "risks": "Kostnaderna för försörjningsstöd ökar.",
            },
        ],
    },
    {
        "code": "SO6-03",
        "area": "SO6",
        "title": "Hemmaplanslösningar i stället för externa placeringar",
        "description": (
            "Intensiv öppenvård och egna förstärkta familjehem ska minska behovet av dyra externa "
            "placeringar av barn och unga."
        ),
        "owner": "elin.aberg@sjovik.example",
        "deputy": "maria.sundberg@sjovik.example",
        "organisation": None,
        "organisations": ["BUF", "KLK"],
        "start": -17,
        "due": 5,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 5,
                "comment": (
                    "Externa placeringar av barn och unga kostade 22 mnkr förra året, 8 mnkr över "
                    "budget. Arbetet med hemmaplanslösningar har startat."
                ),
                "next_steps": "Gå igenom alla pågående placeringar med socialsekreterarna.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 10,
                "comment": (
                    "Genomgången omfattar 31 placeringar. För 9 av dem bedöms en hemmaplanslösning "
                    "vara möjlig inom ett år."
                ),
                "next_steps": "Ta fram en modell för intensiv öppenvård och egna familjehem.",
                "risks": (
                    "Placeringar beslutas utifrån barnets behov och kan inte styras av budgeten."
                ),
            },
            {
                "status": "on_track",
                "progress": 15,
                "comment": (
                    "Modellen är klar: två behandlare i intensiv öppenvård och ett eget team för "
                    "familjehemsrekrytering."
                ),
                "next_steps": "Starta en kampanj för att rekrytera familjehem.",
                "risks": "Konkurrens om familjehemmen med privata konsulentverksamheter.",
            },
            {
                "status": "on_track",
                "progress": 19,
                "comment": (
                    "Familjehemskampanjen har startat tillsammans med kommunikationsenheten, med "
                    "annonser och en informationskväll."
                ),
                "next_steps": "Ta emot intresseanmälningar och starta utredningar.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 24,
                "comment": (
                    "Informationskvällen lockade 22 personer och 14 har anmält intresse. 5 "
                    "familjer utreds."
                ),
                "next_steps": "Rekrytera behandlare till öppenvården.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 26,
                "comment": (
                    "Två socialsekreterare har sagt upp sig och familjehemsutredningarna har "
                    "stannat av. En behandlare är anställd."
                ),
                "next_steps": "Ta in konsultstöd och prioritera familjehemsutredningarna.",
                "risks": "Placeringskostnaderna fortsätter att öka om utredningarna dröjer.",
            },
            {
                "status": "at_risk",
                "progress": 29,
                "comment": (
                    "En konsult är anlitad på halvtid. Den intensiva öppenvården har startat med "
                    "två behandlare och 6 familjer."
                ),
                "next_steps": "Följa upp de första familjerna.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 33,
                "comment": (
                    "Tre nya placeringar har tillkommit och kostnaden ökar fortfarande. Samtidigt "
                    "har två ungdomar kunnat flytta hem med stöd av öppenvården."
                ),
                "next_steps": "Samverka med BUF om skolgången för de ungdomar som flyttar hem.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 38,
                "comment": (
                    "Tre egna familjehem är godkända. BUF erbjuder plats i Sjöviksskolans "
                    "resursgrupp för ungdomar som flyttar hem."
                ),
                "next_steps": "Matcha barn som bor på HVB med de nya familjehemmen.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 43,
                "comment": (
                    "Två barn har flyttat från HVB till egna familjehem, vilket sparar cirka 140 "
                    "tkr per månad."
                ),
                "next_steps": "Fortsätta matchningen och utreda fler familjehem.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 48,
                "comment": (
                    "Placeringskostnaden minskade för första gången jämfört med månaden innan. 8 "
                    "familjehemsutredningar pågår."
                ),
                "next_steps": "Ta fram uppföljning per placering till socialnämnden.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 50,
                "comment": (
                    "Två akuta placeringar har tillkommit efter händelserna i Västerbacken. "
                    "Prognosen för placeringar ligger 5 mnkr över budget."
                ),
                "next_steps": "Fördjupad analys av inflödet tillsammans med ekonomichefen.",
                "risks": "Akuta placeringar går inte att planera.",
            },
            {
                "status": "at_risk",
                "progress": 54,
                "comment": (
                    "Analysen visar att inflödet har ökat, men att varje hemmaplanslösning i snitt "
                    "sparar 900 tkr per år."
                ),
                "next_steps": "Redovisa analysen för socialnämnden.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 60,
                "comment": (
                    "Socialnämnden har fått analysen. Hemmaplanslösningarna har minskat kostnaden "
                    "med 3,2 mnkr räknat på helår."
                ),
                "next_steps": "Ta fram förslag på utökad öppenvård.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 65,
                "comment": (
                    "Socialnämnden föreslår fler hemmaplanslösningar som sin del av åtgärdsplanen "
                    "för budget i balans."
                ),
                "next_steps": "Rekrytera en tredje behandlare.",
                "risks": "Rekryteringen måste rymmas i budgeten.",
            },
            {
                "status": "on_track",
                "progress": 70,
                "comment": (
                    "Ytterligare två familjehem är godkända och en tredje behandlare är anställd."
                ),
                "next_steps": "Starta en föräldragrupp.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 74,
                "comment": (
                    "Antalet externa placeringar har minskat från 31 till 24. Föräldragruppen har "
                    "startat med 7 deltagare."
                ),
                "next_steps": (
                    "Ta fram en förvaltningsplan så att arbetssättet lever kvar efter åtgärden."
                ),
                "risks": "",
            },
        ],
    },
    {
        "code": "SO6-04",
        "area": "SO6",
        "title": "Översyn av taxor och avgifter inom kultur och fritid",
        "description": (
            "Hallhyror, lokalhyror och avgifter ses över och jämförs med liknande kommuner, med "
            "oförändrade avgifter för barn och unga."
        ),
        "owner": "hanna.lindqvist@sjovik.example",
        "deputy": None,
        "organisation": None,
        "organisations": ["KLK"],
        "start": -6,
        "due": 6,
        "state": "ongoing",
        "story": [
            {
                "status": "on_track",
                "progress": 8,
                "comment": (
                    "Taxorna är jämförda med fem liknande kommuner. Sjöviks hallhyror för vuxna "
                    "ligger 30 procent under snittet."
                ),
                "next_steps": "Ta fram förslag till nya taxor.",
                "risks": "Föreningarnas reaktioner.",
            },
            {
                "status": "on_track",
                "progress": 20,
                "comment": (
                    "Förslaget är oförändrade taxor för barn och unga och höjningar för vuxna och "
                    "kommersiella hyresgäster."
                ),
                "next_steps": "Dialog med föreningsrådet.",
                "risks": "",
            },
            {
                "status": "at_risk",
                "progress": 28,
                "comment": (
                    "Föreningsrådet är kritiskt och menar att höjningen drabbar "
                    "pensionärsföreningarna."
                ),
                "next_steps": "Ta fram en rabatt för ideella föreningar med seniorverksamhet.",
                "risks": "Förslaget kan få dåligt mottagande i nämnden.",
            },
            {
                "status": "on_track",
                "progress": 38,
                "comment": (
                    "Förslaget är justerat med rabatt för ideella föreningar. Intäkterna beräknas "
                    "öka med 380 tkr per år."
                ),
                "next_steps": "Lägga fram förslaget för kultur- och fritidsnämnden.",
                "risks": "",
            },
            {
                "status": "on_track",
                "progress": 48,
                "comment": (
                    "Kultur- och fritidsnämnden har ställt sig bakom förslaget. Taxorna beslutas "
                    "av KF."
                ),
                "next_steps": "Skriva ärende till KF via kommunstyrelsen.",
                "risks": "",
            },
            {"missing": True},
        ],
    },
    {
        "code": "SO6-05",
        "area": "SO6",
        "title": "Koncerngemensam nyckeltalsrapport",
        "description": (
            "En gemensam rapport med högst tre nyckeltal per strategiskt område, med jämförelser "
            "mot liknande kommuner, som redovisas för kommunstyrelsen två gånger per år."
        ),
        "owner": "maria.sundberg@sjovik.example",
        "deputy": "jonas.ekstrom@sjovik.example",
        "organisation": None,
        "organisations": ["SBO", "SEV", "SKF"],
        "start": 2,
        "due": 8,
        "state": "planned",
        "story": [],
    },
]

# Two past meetings: days relative to today, kind "group_meeting" or "development_day"
MEETINGS = [
    {
        "days_ago": 42,
        "kind": "group_meeting",
        "place": "Kommunhuset, sal Storsjön",
        "decisions": [
            {
                "text": (
                    "De tre försenade åtgärderna redovisar nya tidplaner med delmål till nästa "
                    "möte."
                ),
                "responsible": "jonas.ekstrom@sjovik.example",
                "due_in": 14,
                "closed": True,
            },
            {
                "text": (
                    "Socialförvaltningen och barn- och utbildningsförvaltningen tar fram en "
                    "gemensam plan för hemmaplanslösningar för barn och unga."
                ),
                "responsible": "anders.nystrom@sjovik.example",
                "due_in": 30,
                "improvement": "SO6-03",
            },
        ],
        "title": "KLG-möte: månadsuppföljning och budget i balans",
        "notes": (
            "Genomgång av månadsrapporterna. Tre åtgärder har passerat sin slutdag: detaljplanen "
            "för Norra Strand, solcellerna på förskolorna och de utökade kvällsöppettiderna i "
            "Västerbacken. Ansvariga redovisade nya tidplaner. Ekonomichefen redovisade prognosen "
            "efter åtgärdsplanen för budget i balans och gruppen diskuterade hur "
            "hemmaplanslösningarna inom socialförvaltningen kan stödjas av barn- och "
            "utbildningsförvaltningen. Beslut: de försenade åtgärderna följs upp särskilt på nästa "
            "möte. Sekreterare: Jonas Ekström."
        ),
    },
    {
        "days_ago": 14,
        "kind": "development_day",
        "place": "Sjöviks folkhögskola",
        "decisions": [
            {
                "text": (
                    "Varje strategiskt område föreslår högst tre nyckeltal till kommunstyrelsen.\n"
                    "Förslagen lämnas av de huvudansvariga."
                ),
                "responsible": "karin.lind@sjovik.example",
                "due_in": 20,
            },
            {
                "text": (
                    "Gemensam kompetensförsörjningsplan för kommunen och bolagen.\n"
                    "HR-chefen samordnar med bolagens vd:ar och redovisar ett utkast i februari."
                ),
                "responsible": "peter.hakansson@sjovik.example",
                "due_in": 75,
            },
        ],
        "title": "Utvecklingsdag: Sjövik hänger ihop",
        "notes": (
            "Heldag på folkhögskolan med hela koncernledningsgruppen. Förmiddagen ägnades åt "
            "målbilderna för de sex strategiska områdena och hur förvaltningar och bolag kan dela "
            "resurser, med bemanningspoolen och teknikertraineeprogrammet som exempel. På "
            "eftermiddagen enades vi om att varje strategiskt område ska ha högst tre nyckeltal "
            "som redovisas för kommunstyrelsen två gånger per år. Tre nya åtgärder togs fram: en "
            "förstudie om reningsverkets kapacitet, ett gemensamt felanmälningssystem för SKF och "
            "Sjöviksbostäder och en koncerngemensam nyckeltalsrapport."
        ),
    },
    {
        "days_ago": -14,
        "kind": "group_meeting",
        "title": "KLG-möte: december",
        "place": "Kommunhuset, sal Storsjön",
        "notes": "",
        "decisions": [],
        "agenda": True,
    },
]

# Belbin team roles (results only), strongest first, for the group's members.
TEAM_ROLES = {
    "karin.lind@sjovik.example": ["co_ordinator", "shaper", "monitor_evaluator"],
    "jonas.ekstrom@sjovik.example": ["completer_finisher", "implementer", "teamworker"],
    "maria.sundberg@sjovik.example": ["monitor_evaluator", "specialist", "completer_finisher"],
    "peter.hakansson@sjovik.example": ["teamworker", "co_ordinator", "resource_investigator"],
    "sofia.berglund@sjovik.example": ["resource_investigator", "plant", "teamworker"],
    "sara.ohman@sjovik.example": ["shaper", "implementer"],
    "anders.nystrom@sjovik.example": ["teamworker", "implementer", "co_ordinator"],
    "lena.forsberg@sjovik.example": ["implementer", "completer_finisher", "shaper"],
    "elin.aberg@sjovik.example": ["plant", "resource_investigator"],
    "mikael.holmgren@sjovik.example": ["implementer", "specialist", "shaper"],
    "erik.malmberg@sjovik.example": ["specialist", "monitor_evaluator", "implementer"],
    "hanna.lindqvist@sjovik.example": ["shaper", "resource_investigator", "implementer"],
    "tomas.wikstrom@sjovik.example": ["implementer", "shaper", "specialist"],
    "annika.sjogren@sjovik.example": ["co_ordinator", "teamworker"],
}
