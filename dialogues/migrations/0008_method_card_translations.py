"""The seeded method cards in nynorsk and English (the cards are written in bokmål)."""
from django.db import migrations


def _activity(title, purpose, method, roles):
    return {"title": title, "purpose": purpose, "method": method, "roles": roles}


def _lines(*items):
    return "\n".join(items)


NN = {
    "naermiljoprat": {
        "name": "Nærmiljøprat",
        "summary": "Ein open samtale (digital eller fysisk) med bebuarar i eit nærmiljø om kva som gir tryggleik, med "
        "gruppearbeid, deling i plenum og ein tydeleg plan for kva som skjer med innspela.",
        "purpose": "Få bebuarar, ungdom, kommune og politi til å snakke saman om kva som gjer nærmiljøet trygt og godt, "
        "og samle konkrete idear som nokon tek ansvar for etterpå.",
        "when_to_use": "Når de vil førebyggje saman med nærmiljøet, til dømes før ein sommar eller etter uro i eit område. "
        "Passar digitalt (Teams/Zoom med grupperom) eller fysisk, med 20–80 deltakarar.",
        "preparation": _lines(
            "Avklar målområde og målgruppe med stasjonssjef og kontaktpersonen i kommunen",
            "Forankre opplegget i politirådet",
            "Lag køyreplan med tider, føremål og roller",
            "Send open invitasjon med påmeldingslenke minst tre veker før",
            "Finn éin fasilitator og éin referent per gruppe, og gå gjennom spørsmåla med dei",
            "Test møtelenke og grupperom (digitalt) eller lokale og universell utforming (fysisk)",
            "Førebu ei kort innleiing om kvifor politiet spør, og kva som skjer med innspela",
            "Avtal dato for tilbakemelding til deltakarane",
        ),
        "roles": _lines(
            "Vert: ønskjer velkomen, held tida og leier plenum",
            "Fasilitator (éin per gruppe): stiller spørsmåla og syter for at alle kjem til orde",
            "Referent (éin per gruppe): noterer innspel ordrett der det går",
            "Teknisk ansvarleg: grupperom, lyd og chat (digitalt)",
            "Politikontakt: fortel kva politiet gjer med innspela",
        ),
        "pitfalls": _lines(
            "For lite tid til gruppearbeid: plenum tek fort over",
            "Politiet forsvarer seg i staden for å lytte",
            "Innspela blir liggjande: avtal på førehand kven som samanfattar og når",
            "Deltakarane høyrer aldri kva som skjedde – lov ei tilbakemelding og hald henne",
            "Ungdom blir overkøyrd av vaksne: vurder eigne grupper for ungdom",
        ),
        "run_sheet_template": [
            _activity("Velkomen", "Skape tryggleik og forklare kvifor vi er her og kva som skjer med innspela",
                      "Plenum", "Vert, politikontakt"),
            _activity("Gruppearbeid: Kva er ein god sommar?", "Få fram kva som gir tryggleik og trivsel i nærmiljøet",
                      "Grupper på 5–8 med fasilitator", "Fasilitator og referent per gruppe"),
            _activity("Deling i plenum", "Alle høyrer kva dei andre gruppene kom fram til",
                      "Éin frå kvar gruppe oppsummerer", "Vert, referentar"),
            _activity("Gruppearbeid: Kva kan vi gjere saman?",
                      "Konkrete idear: kva kan politi, kommune, frivillige, næringsliv og bebuarar sjølve gjere",
                      "Grupper på 5–8 med fasilitator", "Fasilitator og referent per gruppe"),
            _activity("Oppsummering og vegen vidare",
                      "Fortelje korleis innspela blir brukte, og når deltakarane høyrer frå oss igjen",
                      "Plenum", "Vert, politikontakt"),
        ],
    },
    "dialogmote": {
        "name": "Dialogmøte",
        "summary": "Eit møte med ei avgrensa gruppe, til dømes ungdomsorganisasjonar, der politiet lyttar og spør om "
        "erfaringar og forslag.",
        "purpose": "Lytte til ei avgrensa gruppe – til dømes ungdomsorganisasjonar – om erfaringane og forslaga deira, "
        "utan å samle fleire personopplysningar enn naudsynt.",
        "when_to_use": "Når de treng djupn frå dei som kjenner eit tema godt, og når de når deltakarane gjennom "
        "organisasjonar i staden for som enkeltpersonar. 6–15 deltakarar.",
        "preparation": _lines(
            "Vel organisasjonar og inviter gjennom dei",
            "Skriv 3–5 opne spørsmål og test dei på ein kollega",
            "Send spørsmåla til deltakarane på førehand",
            "Avklar kva som er innanfor og utanfor mandatet til prosjektet",
            "Avtal kven som tek referat og korleis det blir delt",
        ),
        "roles": _lines(
            "Møteleiar: leier samtalen og held tida",
            "Referent: noterer innspel og sitat",
            "Fagperson frå politiet: svarer på faktaspørsmål, lyttar mest",
        ),
        "pitfalls": _lines(
            "Møtet blir ein presentasjon frå politiet i staden for ein samtale",
            "Innspel utanfor mandatet blir borte – send dei vidare som overskotsinnsikt",
            "Dei same få stemmene dominerer",
        ),
        "run_sheet_template": [
            _activity("Velkomen og presentasjonsrunde", "Bli kjende og forklare føremålet med møtet",
                      "Runde rundt bordet", "Møteleiar"),
            _activity("Samtale om erfaringar", "Høyre erfaringane til deltakarane med temaet", "Opne spørsmål, runde",
                      "Møteleiar, referent"),
            _activity("Forslag og prioritering", "Få fram og prioritere konkrete forslag",
                      "Lappeteknikk og prikkrøysting", "Møteleiar, referent"),
            _activity("Oppsummering og vidare kontakt", "Stadfeste kva vi høyrde og avtale tilbakemelding", "Plenum",
                      "Møteleiar"),
        ],
    },
    "verksted": {
        "name": "Verkstad",
        "summary": "Eit arbeidsmøte der deltakarane saman utviklar idear eller tiltak, gjerne i små grupper med "
        "fasilitator.",
        "purpose": "Utvikle idear og tiltak saman med dei det gjeld, frå problem til konkrete forslag.",
        "when_to_use": "I utviklingsfasen, når de veit kva problemet er og vil finne løysingar saman med innbyggjarar "
        "og samarbeidspartnarar. Halv eller heil dag, 10–30 deltakarar.",
        "preparation": _lines(
            "Formuler utfordringa som eit «Korleis kan vi …?»-spørsmål",
            "Set saman grupper med blanding av innbyggjarar, kommune og politi",
            "Skaff tusjar, lappar, store ark og tidtakar",
            "Lag innsiktskort frå tidlegare innspel som deltakarane kan byggje på",
            "Avtal kven som tek bilete av resultata og skriv dei inn",
        ),
        "roles": _lines(
            "Prosessleiar: leier øvingane og held tida",
            "Gruppefasilitator: hjelper gruppa vidare utan å styre innhaldet",
            "Dokumentasjonsansvarleg: fotograferer og skriv inn resultata",
        ),
        "pitfalls": _lines(
            "Hoppar rett til løysingar før problemet er forstått",
            "For mange idear og inga prioritering",
            "Ingen eig ideane etterpå",
        ),
        "run_sheet_template": [
            _activity("Innleiing og utfordringa", "Felles forståing av kva vi skal løyse", "Plenum", "Prosessleiar"),
            _activity("Innsikt: kva veit vi?", "Gå gjennom innspel frå innbyggjarar og data", "Innsiktskort i grupper",
                      "Gruppefasilitator"),
            _activity("Idémyldring", "Få fram mange idear", "Lappar, først aleine og så i gruppa", "Gruppefasilitator"),
            _activity("Pause", "", "", ""),
            _activity("Velje og utvikle idear", "Gjere dei beste ideane konkrete: kven, kva, når",
                      "Prikkrøysting og idéskjema", "Gruppefasilitator, dokumentasjonsansvarleg"),
            _activity("Presentasjon og neste steg", "Dele forslaga og avtale eigarar", "Plenum", "Prosessleiar"),
        ],
    },
    "brukertest": {
        "name": "Brukartest",
        "summary": "Deltakarane prøver ei teneste, ei nettside eller ein prototype medan dei tenkjer høgt; vi ser kva "
        "som fungerer og ikkje.",
        "purpose": "Finne ut om ei teneste, ei nettside eller ein prototype fungerer for dei han er laga for, ved å "
        "sjå dei bruke han.",
        "when_to_use": "Når de har noko å vise – skisse, prototype eller ferdig teneste – og vil rette feil før "
        "lansering. Fem deltakarar per runde finn dei fleste problema.",
        "preparation": _lines(
            "Bestem kva de vil lære, og skriv 3–5 realistiske oppgåver",
            "Rekrutter deltakarar frå målgruppa (gjerne dei same som i dialogmøtet)",
            "Gjer klar prototypen og test at han verkar på telefon",
            "Hent inn samtykke til eventuelle opptak",
            "Lag eit skjema for observasjonar",
        ),
        "roles": _lines(
            "Testleiar: gir oppgåvene og ber deltakaren tenkje høgt",
            "Observatør: noterer kva deltakaren gjer og seier",
        ),
        "pitfalls": _lines(
            "Testleiaren hjelper for mykje og forklarer løysinga",
            "Oppgåvene er leiande",
            "Funn blir ikkje følgde opp i neste versjon",
        ),
        "run_sheet_template": [
            _activity("Velkomen og samtykke", "Forklare at det er løysinga som blir testa, ikkje deltakaren", "Samtale",
                      "Testleiar"),
            _activity("Oppgåver med tenk høgt", "Sjå kvar deltakaren stoppar opp", "Tenk høgt-test",
                      "Testleiar, observatør"),
            _activity("Oppfølgingsspørsmål", "Høyre heilskapsinntrykk og forslag", "Intervju", "Testleiar"),
            _activity("Oppsummering av funn", "Samle og prioritere problema som vart funne", "Gjennomgang etter testen",
                      "Testleiar, observatør"),
        ],
    },
    "sporreundersokelse": {
        "name": "Spørjeundersøking",
        "summary": "Eit skjema som når mange, til dømes for å evaluere eit tiltak blant bebuarar og tilsette.",
        "purpose": "Nå mange raskt, til dømes for å evaluere eit tiltak blant bebuarar og tilsette.",
        "when_to_use": "Når de vil måle noko som kan samanliknast over tid, eller nå fleire enn eit møte rekk. Bruk "
        "dei nasjonale indikatorspørsmåla for å kunne samanlikne på tvers av distrikt.",
        "preparation": _lines(
            "Bestem kva de vil vite og kven som skal svare",
            "Vel nasjonale indikatorspørsmål og legg til eigne spørsmål",
            "Test skjemaet på nokon i målgruppa, òg på telefon",
            "Planlegg spreiing: skular, sosiale medium, plakatar med QR-kode",
            "Set opp påminningar",
            "Avtal når og korleis resultata blir delte",
        ),
        "roles": _lines(
            "Ansvarleg for undersøkinga: spørsmål, utsending og påminningar",
            "Samarbeidspartnarar: spreier lenka i kanalane sine",
            "Analyseansvarleg: samanfattar resultata",
        ),
        "pitfalls": _lines(
            "For mange spørsmål gir få svar",
            "Leiande eller doble spørsmål",
            "Resultata blir ikkje delte med dei som svarte",
        ),
        "run_sheet_template": [
            _activity("Lage spørsmål", "Spørsmål som svarer på det de vil vite", "Arbeidsmøte",
                      "Ansvarleg for undersøkinga"),
            _activity("Teste skjemaet", "Finne uklare spørsmål før utsending", "Test med 3–5 personar",
                      "Ansvarleg for undersøkinga"),
            _activity("Utsending og spreiing", "Nå målgruppa", "E-post, lenke og QR-kode",
                      "Ansvarleg, samarbeidspartnarar"),
            _activity("Gjennomgang av resultat", "Forstå svara og gjere dei om til innsikt", "Arbeidsmøte",
                      "Analyseansvarleg"),
        ],
    },
}

EN = {
    "naermiljoprat": {
        "name": "Neighbourhood talk",
        "summary": "An open conversation (online or in person) with the residents of a neighbourhood about what makes "
        "it feel safe, with group work, sharing in plenary and a clear plan for what happens to the input.",
        "purpose": "Get residents, young people, the municipality and the police talking about what makes the "
        "neighbourhood safe and good, and gather concrete ideas that someone takes on afterwards.",
        "when_to_use": "When you want to prevent crime together with a neighbourhood, for example before a summer or "
        "after unrest in an area. Works online (Teams/Zoom with breakout rooms) or in person, with 20–80 people.",
        "preparation": _lines(
            "Agree the area and target group with the station chief and the municipality's contact person",
            "Anchor the plan in the police council",
            "Make a run sheet with times, purposes and roles",
            "Send an open invitation with a signup link at least three weeks ahead",
            "Find one facilitator and one note-taker per group, and go through the questions with them",
            "Test the meeting link and breakout rooms (online) or the venue and its accessibility (in person)",
            "Prepare a short introduction on why the police are asking, and what happens to the input",
            "Agree a date for telling the participants what happened",
        ),
        "roles": _lines(
            "Host: welcomes everyone, keeps time and leads the plenary",
            "Facilitator (one per group): asks the questions and makes sure everyone is heard",
            "Note-taker (one per group): writes down the input, word for word where possible",
            "Technical lead: breakout rooms, sound and chat (online)",
            "Police liaison: tells what the police do with the input",
        ),
        "pitfalls": _lines(
            "Too little time for group work: the plenary soon takes over",
            "The police defend themselves instead of listening",
            "The input is left lying: agree beforehand who sums it up and when",
            "Participants never hear what happened – promise feedback and keep the promise",
            "Young people are drowned out by adults: consider separate groups for youth",
        ),
        "run_sheet_template": [
            _activity("Welcome", "Make people feel safe and explain why we are here and what happens to the input",
                      "Plenary", "Host, police liaison"),
            _activity("Group work: What is a good summer?", "Bring out what makes the neighbourhood safe and pleasant",
                      "Groups of 5–8 with a facilitator", "Facilitator and note-taker per group"),
            _activity("Sharing in plenary", "Everyone hears what the other groups came up with",
                      "One person from each group sums up", "Host, note-takers"),
            _activity("Group work: What can we do together?",
                      "Concrete ideas: what can the police, municipality, volunteers, businesses and residents do",
                      "Groups of 5–8 with a facilitator", "Facilitator and note-taker per group"),
            _activity("Summing up and next steps", "Explain how the input is used, and when participants hear from us",
                      "Plenary", "Host, police liaison"),
        ],
    },
    "dialogmote": {
        "name": "Dialogue meeting",
        "summary": "A meeting with a defined group, for example youth organisations, where the police listen and ask "
        "about experiences and proposals.",
        "purpose": "Listen to a defined group – for example youth organisations – about their experiences and "
        "proposals, without collecting more personal data than needed.",
        "when_to_use": "When you need depth from those who know a subject well, and when you reach participants "
        "through organisations rather than as individuals. 6–15 participants.",
        "preparation": _lines(
            "Choose organisations and invite through them",
            "Write 3–5 open questions and try them on a colleague",
            "Send the questions to the participants beforehand",
            "Clarify what is inside and outside the project's mandate",
            "Agree who takes notes and how they are shared",
        ),
        "roles": _lines(
            "Chair: leads the conversation and keeps time",
            "Note-taker: writes down input and quotes",
            "Police expert: answers factual questions, listens most",
        ),
        "pitfalls": _lines(
            "The meeting becomes a police presentation instead of a conversation",
            "Input outside the mandate gets lost – pass it on as a surplus insight",
            "The same few voices dominate",
        ),
        "run_sheet_template": [
            _activity("Welcome and round of introductions", "Get to know each other and explain the purpose",
                      "Round the table", "Chair"),
            _activity("Conversation about experiences", "Hear the participants' experiences of the subject",
                      "Open questions, in turn", "Chair, note-taker"),
            _activity("Proposals and priorities", "Bring out and prioritise concrete proposals",
                      "Sticky notes and dot voting", "Chair, note-taker"),
            _activity("Summing up and further contact", "Confirm what we heard and agree on feedback", "Plenary",
                      "Chair"),
        ],
    },
    "verksted": {
        "name": "Workshop",
        "summary": "A working session where participants develop ideas or actions together, often in small groups "
        "with a facilitator.",
        "purpose": "Develop ideas and actions together with those concerned, from problem to concrete proposals.",
        "when_to_use": "In the develop phase, when you know what the problem is and want to find solutions together "
        "with residents and partners. Half or full day, 10–30 participants.",
        "preparation": _lines(
            "Phrase the challenge as a “How might we …?” question",
            "Put together groups mixing residents, municipality and police",
            "Get markers, sticky notes, large sheets and a timer",
            "Make insight cards from earlier input for participants to build on",
            "Agree who photographs the results and types them up",
        ),
        "roles": _lines(
            "Process lead: runs the exercises and keeps time",
            "Group facilitator: helps the group along without steering the content",
            "Documentation lead: photographs and types up the results",
        ),
        "pitfalls": _lines(
            "Jumping straight to solutions before the problem is understood",
            "Too many ideas and no prioritising",
            "Nobody owns the ideas afterwards",
        ),
        "run_sheet_template": [
            _activity("Introduction and the challenge", "A shared understanding of what we are solving", "Plenary",
                      "Process lead"),
            _activity("Insight: what do we know?", "Go through input from residents and data", "Insight cards in groups",
                      "Group facilitator"),
            _activity("Brainstorm", "Bring out many ideas", "Sticky notes, first alone and then in the group",
                      "Group facilitator"),
            _activity("Break", "", "", ""),
            _activity("Choosing and developing ideas", "Make the best ideas concrete: who, what, when",
                      "Dot voting and idea form", "Group facilitator, documentation lead"),
            _activity("Presentation and next steps", "Share the proposals and agree owners", "Plenary", "Process lead"),
        ],
    },
    "brukertest": {
        "name": "User test",
        "summary": "Participants try a service, a website or a prototype while thinking aloud; we see what works and "
        "what does not.",
        "purpose": "Find out whether a service, a website or a prototype works for the people it is made for, by "
        "watching them use it.",
        "when_to_use": "When you have something to show – a sketch, a prototype or a finished service – and want to "
        "fix problems before launch. Five participants per round find most problems.",
        "preparation": _lines(
            "Decide what you want to learn, and write 3–5 realistic tasks",
            "Recruit participants from the target group (perhaps the same as in the dialogue meeting)",
            "Get the prototype ready and check that it works on a phone",
            "Ask for consent to any recordings",
            "Make a form for observations",
        ),
        "roles": _lines(
            "Test lead: gives the tasks and asks the participant to think aloud",
            "Observer: writes down what the participant does and says",
        ),
        "pitfalls": _lines(
            "The test lead helps too much and explains the solution",
            "The tasks are leading",
            "Findings are not followed up in the next version",
        ),
        "run_sheet_template": [
            _activity("Welcome and consent", "Explain that the solution is being tested, not the participant",
                      "Conversation", "Test lead"),
            _activity("Tasks with thinking aloud", "See where the participant gets stuck", "Think-aloud test",
                      "Test lead, observer"),
            _activity("Follow-up questions", "Hear overall impressions and suggestions", "Interview", "Test lead"),
            _activity("Summing up the findings", "Gather and prioritise the problems found", "Review after the test",
                      "Test lead, observer"),
        ],
    },
    "sporreundersokelse": {
        "name": "Survey",
        "summary": "A questionnaire that reaches many people, for example to evaluate an action among residents and "
        "staff.",
        "purpose": "Reach many people quickly, for example to evaluate an action among residents and staff.",
        "when_to_use": "When you want to measure something that can be compared over time, or reach more people than "
        "a meeting can. Use the national indicator questions to compare across districts.",
        "preparation": _lines(
            "Decide what you want to know and who should answer",
            "Choose national indicator questions and add your own",
            "Try the questionnaire on people in the target group, on a phone too",
            "Plan how to spread it: schools, social media, posters with a QR code",
            "Set up reminders",
            "Agree when and how the results are shared",
        ),
        "roles": _lines(
            "Survey lead: questions, sending and reminders",
            "Partners: share the link in their channels",
            "Analysis lead: sums up the results",
        ),
        "pitfalls": _lines(
            "Too many questions give few answers",
            "Leading or double questions",
            "The results are not shared with those who answered",
        ),
        "run_sheet_template": [
            _activity("Writing the questions", "Questions that answer what you want to know", "Working session",
                      "Survey lead"),
            _activity("Testing the questionnaire", "Find unclear questions before sending", "Test with 3–5 people",
                      "Survey lead"),
            _activity("Sending and spreading", "Reach the target group", "E-mail, link and QR code",
                      "Survey lead, partners"),
            _activity("Going through the results", "Understand the answers and turn them into insights",
                      "Working session", "Analysis lead"),
        ],
    },
}


def fill(apps, schema_editor):
    """Give each seeded card its nynorsk and English version, the durations taken from the card itself."""
    MethodCard = apps.get_model("dialogues", "MethodCard")
    for card in MethodCard.objects.filter(slug__in=NN):
        translations = dict(card.translations or {})
        for language, texts in (("nn", NN), ("en", EN)):
            version = {**texts[card.slug]}
            durations = [item.get("duration_minutes") for item in card.run_sheet_template or []]
            if len(durations) == len(version["run_sheet_template"]):
                version["run_sheet_template"] = [
                    {**item, "duration_minutes": minutes}
                    for item, minutes in zip(version["run_sheet_template"], durations, strict=True)
                ]
            else:  # the card was edited: its run sheet is not the one translated here
                version.pop("run_sheet_template")
            translations.setdefault(language, version)
        card.translations = translations
        card.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0007_translated_content")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
