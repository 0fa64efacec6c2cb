"""The sets of basisniveau criteria a region can adopt in one step, with the Dutch texts as the
seeds give them (only the list's closing ";" or "." dropped) and an English translation beside
each: criteria are region data (a region words its own), so both languages travel with the row.

`name` is the short heading of the overview's column; seed 002 gives the headings for its five
(section 4.1); seed 000's three use the same words where they mean the same thing, and share the
same codes, so a region moving from the three to the five keeps the history of those it had."""

SIGNALLING = ("signalering", "Actieve signalering", "Active signalling",
              "werkt aan actieve signalering van mensenhandel",
              "works on the active signalling of human trafficking")

PRESETS = {
    "ibp2018_3": {
        "label": "Basisniveau in drie punten (IBP 2018; informatienota Zwolle 2020, seed 000)",
        "label_en": "Basisniveau in three points (IBP 2018; Zwolle information note 2020, seed 000)",
        "source": "Rijk, IPO en VNG, interbestuurlijk programma (informatienota Zwolle 2020)",
        "criteria": [
            SIGNALLING,
            ("aandachtsfunctionaris", "Aandachtsfunctionaris", "Liaison officer",
             "een (aandachts)functionaris heeft die optreedt als contactpersoon binnen de gemeente, bekend is "
             "met de bestuurlijke mogelijkheden om op te treden tegen mensenhandel en bekend is met de "
             "instanties waar slachtoffers mensenhandel terecht kunnen",
             "has a (liaison) officer who acts as the contact within the municipality, knows the "
             "administrative means of acting against human trafficking and knows the organisations "
             "victims of human trafficking can turn to"),
            ("beleid-regelgeving", "Beleid en regelgeving", "Policy and regulation",
             "gemeentelijk beleid en lokale regelgeving heeft dat de aanpak van mensenhandel ondersteunt "
             "waarbij beleid gericht is op prostitutie, met daarbij aandacht voor voorlichting en hulpverlening "
             "aan prostituees en de aanpak van seksuele uitbuiting hier onderdeel van is",
             "has municipal policy and local regulation that support the approach to human trafficking, with "
             "policy on prostitution that pays attention to information for and assistance to sex workers and "
             "that includes tackling sexual exploitation"),
        ],
    },
    "ccv_5": {
        "label": "Basisniveau in vijf punten (Ministerie van JenV en CCV; Plan van aanpak Zeeland 2020, seed 002)",
        "label_en": "Basisniveau in five points (Ministry of Justice and Security and CCV; Zeeland plan 2020, "
                    "seed 002)",
        "source": "Ministerie van Justitie en Veiligheid en het CCV (Plan van aanpak Zeeland 2020, §4.1)",
        "criteria": [
            SIGNALLING,
            ("aandachtsfunctionaris", "Aandachtsfunctionaris", "Liaison officer",
             "een aandachtsfunctionaris heeft die optreedt als contactpersoon binnen de gemeente en bekend is "
             "met de bestuurlijke mogelijkheden om op te treden tegen mensenhandel en bekend is met de "
             "instanties waar slachtoffers terecht kunnen",
             "has a liaison officer who acts as the contact within the municipality, knows the administrative "
             "means of acting against human trafficking and knows the organisations victims can turn to"),
            ("beleid", "Gemeentelijk beleid", "Municipal policy",
             "gemeentelijk beleid heeft dat de aanpak van mensenhandel ondersteunt",
             "has municipal policy that supports the approach to human trafficking"),
            ("regelgeving", "Lokale regelgeving", "Local regulation",
             "lokale regelgeving heeft dat de aanpak van mensenhandel ondersteunt",
             "has local regulation that supports the approach to human trafficking"),
            ("seksindustrie", "Beleid seksindustrie", "Policy on the sex industry",
             "beleid heeft gericht op het tegengaan van (seksuele) uitbuiting in de seksindustrie",
             "has policy aimed at countering (sexual) exploitation in the sex industry"),
        ],
    },
}
