"""Word lists for the demo database: the team, organizations, people, products and notes.

Everything here is invented. Lists are tuples and dicts are only looked up by key, so the
output of a seeded generator never depends on hashing. Texts that users read come in English and Dutch;
``pick_lang`` chooses the column.
"""

from __future__ import annotations

from models.domain.status import Status

# The sales team: (owner as shown on deals, login name recorded in history, skill).
# Skill nudges each owner's win rate, so the per-owner report shows differences.
TEAM: tuple[tuple[str, str, float], ...] = (
    ("Sanne de Vries", "sanne", 1.10),
    ("Daan Bakker", "daan", 0.95),
    ("Fatima El Amrani", "fatima", 1.15),
    ("Joost Mulder", "joost", 0.85),
    ("Priya Raman", "priya", 1.05),
    ("Lukas Becker", "lukas", 1.00),
    ("Emma Jansen", "emma", 0.90),
    ("Marieke Hoekstra", "marieke", 1.20),
)
TEAM_WEIGHTS = (16, 15, 14, 14, 12, 12, 11, 6)
MANAGER = "marieke"  # the sales lead: corrections, hand-overs and clean-ups are hers

# (English, Dutch, weight, win-rate multiplier): warm leads win more often than cold ones.
SOURCES: tuple[tuple[str, str, int, float], ...] = (
    ("Website", "Website", 20, 0.95),
    ("Referral", "Aanbeveling", 14, 1.25),
    ("Trade fair", "Beurs", 8, 0.90),
    ("Cold call", "Koude acquisitie", 8, 0.65),
    ("LinkedIn", "LinkedIn", 12, 0.85),
    ("Partner", "Partner", 10, 1.10),
    ("Existing customer", "Bestaande klant", 20, 1.30),
    ("Tender", "Aanbesteding", 8, 0.70),
)

# (name, weight): the rivals deals are lost to.
COMPETITORS: tuple[tuple[str, int], ...] = (
    ("Blauwdruk Digital", 6),
    ("Vermeer ICT", 5),
    ("NovaSoft", 4),
    ("Kroon & Partners", 3),
    ("Atlas Systems", 3),
    ("Hollandse Software Groep", 2),
    ("Pixelpoint", 2),
)

# Reasons of the seed, keyed by their English name: (weight, chance a competitor is named).
REASON_WEIGHTS: dict[str, tuple[int, float]] = {
    "Best price": (3, 0.0),
    "Best fit for their needs": (5, 0.0),
    "Existing relationship": (4, 0.0),
    "Referral or reputation": (3, 0.0),
    "Price too high": (5, 0.7),
    "Chose a competitor": (5, 1.0),
    "No budget": (3, 0.1),
    "No decision or project stopped": (4, 0.1),
    "Bad timing": (3, 0.1),
    "Missing functionality": (2, 0.5),
    "Other": (1, 0.1),
}

DUTCH_SURNAMES = (
    "Van der Berg", "De Jong", "Jansen", "Visser", "Smit", "Meijer", "De Boer", "Mulder",
    "Bos", "Vos", "Peters", "Hendriks", "Van Dijk", "Dekker", "Brouwer", "De Wit", "Dijkstra",
    "De Graaf", "Van der Meer", "Van Leeuwen", "Kok", "Verhoeven", "Prins", "Huisman",
    "Kuipers", "Schouten", "Willems", "Van Vliet", "Post", "Kramer", "Vermeulen", "Koster",
    "Van den Heuvel", "Maas", "Verbeek", "Timmermans", "Groen", "Sanders", "Bosman", "Wouters",
)  # fmt: skip
DUTCH_TRADES = (
    "Installatietechniek", "Bouw", "Transport", "Accountants", "Advocaten", "Makelaardij",
    "Logistiek", "Metaalbewerking", "Elektrotechniek", "Schilderwerken", "Groothandel",
    "Techniek", "Dakwerken", "Drukkerij", "Interieurbouw", "Verhuur", "Adviesgroep",
    "Notarissen", "Hoveniers", "Vastgoed", "Catering", "Mondzorg", "Kinderopvang", "Uitzendgroep",
)  # fmt: skip
DUTCH_CITIES = (
    "Utrecht", "Amersfoort", "Zwolle", "Groningen", "Leeuwarden", "Arnhem", "Nijmegen",
    "Eindhoven", "Tilburg", "Breda", "Den Bosch", "Haarlem", "Leiden", "Delft", "Rotterdam",
    "Amsterdam", "Den Haag", "Apeldoorn", "Enschede", "Deventer", "Maastricht", "Venlo",
    "Alkmaar", "Hilversum", "Almere", "Gouda", "Dordrecht", "Assen", "Middelburg", "Ede",
)  # fmt: skip
# Patterns for public and non-profit organizations; {city} is filled in.
PUBLIC_PATTERNS = (
    "Gemeente {city}", "Stichting Welzijn {city}", "Bibliotheek {city}", "ROC {city}",
    "Woonstichting {city}", "Zorggroep {city}", "Sportbedrijf {city}", "Museum {city}",
)  # fmt: skip
BRAND_HEADS = (
    "Nord", "Bright", "Blue", "Silver", "Oak", "Crest", "Iron", "Sun", "Clear", "Swift",
    "Stone", "Green", "Alpen", "Rhein", "Baltic", "Atlas", "Nova", "Delta", "Polar", "Cedar",
    "Harbor", "Summit", "Falcon", "Maple", "Vertex", "Terra", "Orion", "Lumen", "Kestrel", "Fjord",
)  # fmt: skip
BRAND_TAILS = (
    "wind", "line", "field", "stone", "bridge", "works", "point", "gate", "wave", "core",
    "forge", "path", "port", "ridge", "light", "mark", "well", "logic", "haven", "scape",
)  # fmt: skip
BRAND_TRADES = (
    "", "", "", " Logistics", " Consulting", " Systems", " Foods", " Engineering", " Media",
    " Energy", " Health", " Retail", " Finance", " Labs",
)  # fmt: skip
# Legal forms by region; the region also decides the names of the contacts.
LEGAL_FORMS: tuple[tuple[str, str], ...] = (
    ("GmbH", "de"), ("AG", "de"), ("Ltd", "uk"), ("plc", "uk"), ("AB", "intl"),
    ("ApS", "intl"), ("SAS", "intl"), ("NV", "intl"), ("Oy", "intl"), ("Inc.", "uk"),
)  # fmt: skip

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "nl": (
        "Jeroen", "Anouk", "Bas", "Lotte", "Ruben", "Femke", "Thijs", "Sophie", "Martijn",
        "Ilse", "Wouter", "Marloes", "Niels", "Eline", "Koen", "Iris", "Sander", "Noor",
        "Pieter", "Esther", "Youssef", "Samira", "Bram", "Lieke", "Hans", "Ingrid",
    ),
    "de": (
        "Jonas", "Katrin", "Stefan", "Julia", "Matthias", "Anja", "Felix", "Lena", "Tobias",
        "Sabine", "Florian", "Miriam", "Jan", "Claudia",
    ),
    "uk": (
        "Oliver", "Charlotte", "James", "Amelia", "Harry", "Grace", "George", "Olivia",
        "Rahul", "Aisha", "Tom", "Hannah", "Daniel", "Chloe",
    ),
    "intl": (
        "Lars", "Ingrid", "Mikkel", "Astrid", "Élodie", "Antoine", "Camille", "Matteo",
        "Giulia", "Mateusz", "Zofia", "Pedro", "Ana", "Sven",
    ),
}  # fmt: skip
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "nl": (*DUTCH_SURNAMES, "El Idrissi", "Yılmaz", "Pinas", "Nguyen", "Kaya"),
    "de": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann",
        "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Neumann",
    ),
    "uk": (
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Patel", "Evans", "Walker",
        "Wright", "Thompson", "Khan", "Hughes", "Clarke",
    ),
    "intl": (
        "Johansson", "Nielsen", "Lindqvist", "Dubois", "Lefèvre", "Rossi", "Bianchi",
        "Kowalski", "Nowak", "Silva", "Santos", "Virtanen", "Peeters", "Janssens",
    ),
}  # fmt: skip

# (English, Dutch, lowest and highest typical value in whole currency units).
PRODUCTS: tuple[tuple[str, str, int, int], ...] = (
    ("Website redesign", "Nieuwe website", 4_000, 60_000),
    ("Annual support contract", "Jaarlijks supportcontract", 2_000, 40_000),
    ("ERP implementation", "ERP-implementatie", 40_000, 350_000),
    ("Cloud migration", "Migratie naar de cloud", 15_000, 180_000),
    ("Security audit", "Security-audit", 5_000, 35_000),
    ("Penetration test", "Pentest", 3_500, 25_000),
    ("Data warehouse", "Datawarehouse", 30_000, 250_000),
    ("Mobile app", "Mobiele app", 20_000, 150_000),
    ("Training programme", "Trainingsprogramma", 800, 15_000),
    ("Managed workplace", "Beheerde werkplekken", 6_000, 120_000),
    ("Microsoft 365 rollout", "Uitrol Microsoft 365", 3_000, 45_000),
    ("CRM integration", "CRM-koppeling", 5_000, 60_000),
    ("Network upgrade", "Netwerkvernieuwing", 8_000, 90_000),
    ("Hosting renewal", "Verlenging hosting", 300, 6_000),
    ("Service desk outsourcing", "Uitbesteding servicedesk", 12_000, 150_000),
    ("BI dashboards", "BI-dashboards", 6_000, 70_000),
    ("Webshop", "Webshop", 8_000, 120_000),
    ("Intranet", "Intranet", 10_000, 80_000),
    ("Consultancy hours", "Adviesuren", 1_000, 25_000),
    ("Licence renewal", "Verlenging licenties", 400, 30_000),
    ("Hardware refresh", "Vervanging hardware", 5_000, 200_000),
    ("Backup and recovery", "Back-up en herstel", 2_500, 40_000),
    ("GDPR assessment", "AVG-quickscan", 1_500, 12_000),
    ("API development", "API-ontwikkeling", 8_000, 90_000),
    ("Customer portal", "Klantportaal", 15_000, 160_000),
    ("Digital signage", "Digital signage", 2_000, 30_000),
    ("SEO campaign", "SEO-campagne", 600, 12_000),
    ("Video production", "Videoproductie", 1_500, 25_000),
    ("Brand identity", "Huisstijl", 3_000, 40_000),
    ("VoIP telephony", "VoIP-telefonie", 1_200, 35_000),
    ("Planning software", "Planningssoftware", 6_000, 80_000),
    ("Payroll integration", "Salariskoppeling", 3_000, 30_000),
    ("Workshop series", "Workshopreeks", 900, 9_000),
    ("Wi-Fi survey", "Wifi-dekkingsmeting", 700, 6_000),
    ("Document management system", "Documentmanagementsysteem", 12_000, 140_000),
    ("E-learning platform", "E-learningplatform", 10_000, 110_000),
    ("Process automation", "Procesautomatisering", 8_000, 120_000),
    ("Accessibility audit", "Toegankelijkheidsaudit", 2_000, 15_000),
    ("Hybrid meeting rooms", "Hybride vergaderruimtes", 4_000, 60_000),
    ("Cyber awareness training", "Training cyberbewustzijn", 800, 14_000),
)

# Title qualifiers (English, Dutch, weight); {year}, {q}, {dept}, {site}, {users} are filled in.
QUALIFIERS: tuple[tuple[str, str, int], ...] = (
    ("", "", 12),
    (" phase 1", " fase 1", 2),
    (" phase 2", " fase 2", 5),
    (" phase 3", " fase 3", 2),
    (" {year}", " {year}", 6),
    (" – pilot", " – pilot", 3),
    (" – extension", " – uitbreiding", 4),
    (" renewal {year}", " verlenging {year}", 3),
    (" for {dept}", " voor {dept}", 8),
    (" {site} office", " vestiging {site}", 8),
    (" Q{q} {year}", " Q{q} {year}", 3),
    (" – follow-up", " – vervolg", 3),
    (" (framework agreement)", " (raamovereenkomst)", 2),
    (" – proof of concept", " – proof of concept", 2),
    (" for {users} users", " voor {users} gebruikers", 5),
    (" {site} and {dept}", " {site} en {dept}", 3),
    (" – quick scan", " – quickscan", 2),
    (" (3-year contract)", " (contract voor 3 jaar)", 2),
)
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("Finance", "Financiën"), ("HR", "HR"), ("Sales", "Verkoop"), ("Operations", "Operations"),
    ("Marketing", "Marketing"), ("Customer Service", "Klantenservice"), ("IT", "ICT"),
    ("Facilities", "Facilitaire dienst"), ("Legal", "Juridische zaken"), ("Logistics", "Logistiek"),
)  # fmt: skip
SITES = (*DUTCH_CITIES[:18], "Antwerp", "Düsseldorf", "Hamburg", "London", "Copenhagen")

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    ),
}  # fmt: skip

# Lines sales people add to a deal's note; {contact} is a first name, {month} a month name.
NOTES: tuple[tuple[str, str], ...] = (
    ("Decision expected after the board meeting in {month}.",
     "Besluit verwacht na de directievergadering in {month}."),
    ("{contact} wants a demo for the IT team first.",
     "{contact} wil eerst een demo voor het IT-team."),
    ("Budget is approved for this year.", "Budget is goedgekeurd voor dit jaar."),
    ("Asked for two references in the same sector.",
     "Vraagt om twee referenties in dezelfde branche."),
    ("Competes with an in-house solution; stress our support.",
     "Concurreert met een eigen oplossing; benadruk onze support."),
    ("Procurement joins the talks from the next meeting.",
     "Inkoop schuift vanaf het volgende overleg aan."),
    ("Called {contact}: still interested, timing unclear.",
     "{contact} gebeld: nog steeds interesse, timing onduidelijk."),
    ("Sent the revised proposal with a 5% discount.",
     "Aangepast voorstel met 5% korting verstuurd."),
    ("Met at the trade fair; follow up in {month}.", "Gesproken op de beurs; opvolgen in {month}."),
    ("{contact} is on leave until the end of {month}.",
     "{contact} is met verlof tot eind {month}."),
    ("Needs sign-off from the CFO.", "Heeft akkoord van de CFO nodig."),
    ("Prefers a phased approach.", "Wil liever gefaseerd werken."),
    ("Current contract with their supplier ends in {month}.",
     "Huidige contract met hun leverancier loopt af in {month}."),
    ("Asked for a fixed price instead of hourly rates.",
     "Vraagt een vaste prijs in plaats van uurtarieven."),
    ("Site visit planned with {contact}.", "Locatiebezoek gepland met {contact}."),
    ("Security questionnaire returned.", "Beveiligingsvragenlijst teruggestuurd."),
)  # fmt: skip
CLOSE_NOTES_WON: tuple[tuple[str, str], ...] = (
    ("Signed; kickoff planned for {date}.", "Getekend; kick-off gepland op {date}."),
    ("Purchase order received.", "Inkooporder ontvangen."),
    ("Contract signed by {contact}.", "Contract getekend door {contact}."),
    ("Verbal go-ahead, contract follows.", "Mondeling akkoord, contract volgt."),
    ("Won after the second demo.", "Binnen na de tweede demo."),
)
CLOSE_NOTES_LOST: tuple[tuple[str, str], ...] = (
    ("Project postponed to next year.", "Project uitgesteld naar volgend jaar."),
    ("No response after three follow-ups.", "Geen reactie na drie keer nabellen."),
    ("Budget moved to another priority.", "Budget gaat naar een andere prioriteit."),
    ("Their board did not approve.", "Hun directie gaf geen akkoord."),
    ("We were {pct}% above their budget.", "We zaten {pct}% boven hun budget."),
)
LOST_TO: tuple[str, str] = ("Went with {competitor}.", "Gekozen voor {competitor}.")


def pick_lang(pair: tuple[str, str, *tuple[object, ...]], lang: str) -> str:
    """Return the Dutch text of an (English, Dutch, …) tuple for ``nl``, else the English."""
    return pair[1] if lang == "nl" else pair[0]


# The closing note of an outcome corrected shortly after closing (English, Dutch).
CORRECTIONS: dict[str, tuple[str, str]] = {
    Status.ACCEPTED: (
        "Corrected: this deal was won, not lost.",
        "Correctie: deze deal is gewonnen, niet verloren.",
    ),
    Status.REJECTED: (
        "Corrected: the customer withdrew; this deal was lost.",
        "Correctie: de klant trok zich terug; deze deal is verloren.",
    ),
}


def person(first: str, last: str) -> str:
    """Join a first and last name; Dutch prefixes go lower case after a first name."""
    if last.startswith(("Van ", "De ")):
        last = last[0].lower() + last[1:]
    return f"{first} {last}"


# What an owner plans next for an open deal (English, Dutch); {contact} is a first name.
NEXT_STEPS: tuple[tuple[str, str], ...] = (
    ("Call {contact} about the proposal", "{contact} bellen over het voorstel"),
    ("Send the revised quote", "Herziene offerte sturen"),
    ("Demo for the IT team", "Demo voor het IT-team"),
    ("Ask {contact} for the decision date", "{contact} vragen naar de besluitdatum"),
    ("Send two references", "Twee referenties sturen"),
    ("Meeting with procurement", "Overleg met inkoop"),
    ("Follow up on the contract draft", "Navragen hoe het met het conceptcontract staat"),
    ("Lunch with {contact}", "Lunch met {contact}"),
)
