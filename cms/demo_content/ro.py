# ruff: noqa: E501 (prose: one sentence per string reads better than wrapped at 110)
"""PLACEHOLDER (ro): an English copy of en.py with the right structure; the ro texts are still to be written (see the report)."""

HOME = {
    "title": "Observatory against discrimination and hate crime",
    "intro": "<p>If you have suffered or witnessed discrimination or a hate incident in the city, you can "
    "tell us anonymously. You do not need an account, and we do not keep your IP address.</p>",
    "report_call": "Tell us what happened: it is anonymous and encrypted.",
}

REPORT = {
    "title": "Report an incident",
    "intro": "<p>If you have suffered or seen discrimination or a hate incident in the city, tell us. It is "
    "anonymous: you need no account, we do not ask your name and we do not keep your IP address. Your report "
    "is encrypted and only the Office for Non-Discrimination and the organisations helping you read it.</p>",
    "help_text": "<p>If you are in danger right now, call <strong>112</strong>.</p>"
    "<p>At the end you will get a receipt. With it you can come back to your mailbox to read the answers, "
    "reply and add information. Write it down carefully: we cannot recover it.</p>"
    "<p>You can write in whichever language you prefer.</p>",
}

PAGES = {
    "what_happens": {
        "title": "What happens to my report?",
        "summary": "Who reads it, when you get an answer and what the office can do for you.",
        "body": [
            (
                "text",
                "<p>Your report is stored encrypted. Only the staff of the City Council's Office for "
                "Non-Discrimination can read it and, if the office refers you to it, the support organisation "
                "that takes on your case. Nobody else: not the rest of the City Council, not the police, not "
                "the people who run the server.</p>"
                "<p>A program running on our own server reads the text to suggest a category and spot "
                "emergencies. It sends nothing outside, and a member of the office always checks what it "
                "suggests.</p>",
            ),
            (
                "steps",
                {
                    "heading": "What happens next",
                    "steps": [
                        {
                            "title": "You get a receipt.",
                            "text": "<p>Keep it: it opens your mailbox. If you lose it we cannot recover it, "
                            "because we do not know who you are.</p>",
                        },
                        {
                            "title": "The office reads your report.",
                            "text": "<p>A member of the office reads it and answers in your mailbox within 7 "
                            "days at most.</p>",
                        },
                        {
                            "title": "You talk through the mailbox.",
                            "text": "<p>They may ask you questions, explain your options and suggest an "
                            "organisation to support you. You decide what you want to do.</p>",
                        },
                        {
                            "title": "The case is closed.",
                            "text": "<p>The office tells you so in the mailbox. Your case is counted in the "
                            "observatory's public statistics, without anything that identifies you.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "The police receive nothing without your permission",
                    "text": "<p>Reporting to the observatory is not filing a police report. The office does not "
                    "pass your report or your details to the police, the public prosecutor or the immigration "
                    "authorities without your consent. If you want to file a police report, we explain how and "
                    "who can go with you.</p>",
                },
            ),
            ("heading", "What the office can do"),
            (
                "text",
                "<ul><li>Listen to you and explain your rights.</li>"
                "<li>Refer you to a support organisation: legal advice, psychological support, interpreting, "
                "housing.</li>"
                "<li>Help you prepare a complaint or a police report, if you decide to make one.</li>"
                "<li>Make discrimination in the city visible: every case counts in the statistics.</li></ul>",
            ),
            ("heading", "What the office cannot do"),
            (
                "text",
                "<ul><li>It is neither a court nor the police: it does not investigate crimes, arrest anyone "
                "or impose fines.</li>"
                "<li>It cannot guarantee you an outcome.</li>"
                "<li>It does not handle emergencies: if you are in danger, call 112.</li></ul>",
            ),
            (
                "faq",
                {
                    "heading": "Frequently asked questions",
                    "questions": [
                        {
                            "question": "Do I have to give my name?",
                            "answer": "<p>No. You can report anonymously. If you want to be contacted outside "
                            "the mailbox, you can leave a phone number or an e-mail address: it is stored "
                            "encrypted.</p>",
                        },
                        {
                            "question": "In which language will they answer?",
                            "answer": "<p>You can write in any language. The office will try to answer in the "
                            "language you choose on the form.</p>",
                        },
                        {
                            "question": "Are there exceptions to confidentiality?",
                            "answer": "<p>If your report shows that someone is in serious and immediate danger "
                            "(a child, for instance), the office may be obliged to alert the emergency "
                            "services. Even then, it does not know who you are unless you told it.</p>",
                        },
                        {
                            "question": "Can I delete my report?",
                            "answer": "<p>Yes. Ask from your mailbox: it is deleted after 14 days, in case you "
                            "change your mind.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "equal_treatment": {
        "title": "Discrimination: your rights",
        "summary": "Law 15/2022 on equal treatment: what protects you, where, and whom to turn to.",
        "body": [
            (
                "text",
                "<p>Law 15/2022 of 12 July, the comprehensive law for equal treatment and non-discrimination, "
                "forbids treating a person worse on grounds of birth, racial or ethnic origin, sex, religion, "
                "belief or opinion, age, disability, sexual orientation or identity, gender expression, "
                "illness or health condition, serological status or genetic predisposition to illness, "
                "language, socio-economic situation or any other personal or social condition or "
                "circumstance.</p>"
                "<p>It protects everyone, whatever their nationality and whether or not they are legally "
                "resident. It applies, among other areas, to work, education, health care, social services, "
                "housing, goods and services offered to the public (shops, bars, clubs, banks), public "
                "safety, justice, the media and the internet.</p>",
            ),
            ("heading", "What counts as discrimination"),
            (
                "text",
                "<ul><li><strong>Direct:</strong> you are treated worse on one of those grounds, as when a "
                "flat is refused to you “because we do not rent to foreigners”.</li>"
                "<li><strong>Indirect:</strong> a seemingly neutral rule puts you at a particular "
                "disadvantage without an objective justification.</li>"
                "<li><strong>By association or by mistake:</strong> because of your relationship with someone "
                "else, or because they think you have a characteristic you do not have.</li>"
                "<li><strong>Discriminatory harassment:</strong> conduct that violates your dignity and "
                "creates an intimidating, hostile or humiliating environment.</li>"
                "<li><strong>Retaliation:</strong> treating you worse for having complained or reported is "
                "also forbidden.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "You do not have to prove everything yourself",
                    "text": "<p>If you bring well-founded evidence of discrimination, it is for the other side "
                    "to prove that it acted with an objective and reasonable justification (article 30 of the "
                    "law). This rule does not apply in criminal trials.</p>",
                },
            ),
            (
                "steps",
                {
                    "heading": "What you can do",
                    "steps": [
                        {
                            "title": "Keep evidence.",
                            "text": "<p>Adverts, messages, e-mails, photos, the date, the place and the names "
                            "of those who saw it.</p>",
                        },
                        {
                            "title": "Ask for the complaint form.",
                            "text": "<p>If it happened in a shop, a bar or another business, you have the right "
                            "to be given its official complaint form (hoja de reclamaciones).</p>",
                        },
                        {
                            "title": "Tell us.",
                            "text": "<p>The office advises you and can refer you to an organisation that gives "
                            "you advice.</p>",
                        },
                        {
                            "title": "Turn to the Authority or the courts.",
                            "text": "<p>The law creates the Independent Authority for Equal Treatment and "
                            "Non-Discrimination, whose tasks include assisting victims; check its official "
                            "website for how to contact it. You can also claim redress for the harm you "
                            "suffered before the courts (article 27).</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "hate_crime": {
        "title": "Hate crime",
        "summary": "When an assault, a threat or a hateful message is a crime under the Penal Code.",
        "body": [
            (
                "text",
                "<p>A hate crime is an offence (an assault, a threat, damage to property) committed out of "
                "prejudice against what the victim is or is thought to be: their origin, religion, sexual "
                "orientation, gender identity, disability… Publicly inciting hatred or violence against a group "
                "is a crime too.</p>",
            ),
            ("heading", "Article 22.4: hatred makes the offence more serious"),
            (
                "text",
                "<p>The Penal Code punishes more severely any offence committed for racist, antisemitic or "
                "anti-Roma reasons or another kind of discrimination relating to the victim's ideology, "
                "religion or beliefs, the ethnic group, race or nation they belong to, their sex, age, sexual "
                "or gender orientation or identity, gender, aporophobia or social exclusion, an illness they "
                "have or their disability, even if the victim does not actually have that condition.</p>",
            ),
            ("heading", "Article 510: incitement to hatred"),
            (
                "text",
                "<ul><li>Publicly encouraging, promoting or inciting hatred, hostility, discrimination or "
                "violence against a group or a person on those grounds is punished with one to four years in "
                "prison and a fine.</li>"
                "<li>Publicly humiliating or belittling a group or a person on those grounds, or glorifying "
                "crimes committed against them, is punished with six months to two years in prison and a "
                "fine.</li>"
                "<li>Done on the internet, on social media or in the press, it carries a heavier "
                "penalty.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "If it has just happened",
                    "text": "<p>If you are in danger or your attacker is still nearby, call 112. If you are "
                    "hurt, go to a health centre or to A&amp;E and ask for a medical report of your injuries "
                    "(parte de lesiones): it is important evidence.</p>",
                },
            ),
            (
                "faq",
                {
                    "heading": "Frequently asked questions",
                    "questions": [
                        {
                            "question": "Is an insult in the street a crime?",
                            "answer": "<p>It depends on how serious it is and on the context. Even if it is "
                            "not a crime, it may be discriminatory harassment under Law 15/2022. Tell us "
                            "anyway: every case helps to show what is happening in the city.</p>",
                        },
                        {
                            "question": "What about hateful messages online?",
                            "answer": "<p>Take screenshots showing the date and the address of the post before "
                            "it is deleted. You can report them on the social network itself and to the "
                            "police as well.</p>",
                        },
                        {
                            "question": "Are there specialised prosecutors?",
                            "answer": "<p>Yes. Every provincial prosecutor's office has prosecutors for hate "
                            "crime and discrimination; in Valencia, at the Provincial Prosecutor's Office of "
                            "Valencia. You can send them a written complaint.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "police": {
        "title": "Reporting to the police or the prosecutor",
        "summary": "How to file a police report, what your rights are and who can go with you.",
        "body": [
            (
                "text",
                "<p>Whether to file a police report is your decision. Reporting to the observatory does not "
                "replace it, but it can help you prepare it.</p>",
            ),
            (
                "steps",
                {
                    "heading": "How to file a police report",
                    "steps": [
                        {
                            "title": "Choose where.",
                            "text": "<p>At a Policía Nacional station, at the Guardia Civil, at the duty court "
                            "or in writing to the Provincial Prosecutor's Office of Valencia. The Policia "
                            "Local de València answers on 092 and tells you where to file it.</p>",
                        },
                        {
                            "title": "Bring what you have.",
                            "text": "<p>Your identity papers if you have them, the evidence (photos, "
                            "screenshots, the medical report of injuries) and the details of witnesses. If you "
                            "have no papers, read the page “If you have no papers” first.</p>",
                        },
                        {
                            "title": "Say it was hate.",
                            "text": "<p>Explain why you think you were attacked because of your origin, "
                            "religion, sexual orientation or another ground: what was said, symbols, the "
                            "context. Ask for it to be written in the report.</p>",
                        },
                        {
                            "title": "Check it and ask for your copy.",
                            "text": "<p>Read the report before signing it. You have the right to a copy.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Your rights as a victim",
                    "text": "<p>The Statute of Victims of Crime (Law 4/2015) applies to every victim, whatever "
                    "their nationality and whether or not they are legally resident. You have the right to "
                    "understand and be understood, with a free interpreter if you do not speak Spanish; to be "
                    "accompanied by a person of your choice; to a copy of your report; and to information on "
                    "victim support.</p>",
                },
            ),
            (
                "contacts",
                {
                    "heading": "Phone numbers and services",
                    "contacts": [
                        {
                            "name": "Emergencies",
                            "phone": "112",
                            "note": "Free, 24 hours a day.",
                            "website": "",
                        },
                        {"name": "Policía Nacional", "phone": "091", "note": "", "website": ""},
                        {"name": "Policia Local de València", "phone": "092", "note": "", "website": ""},
                        {"name": "Guardia Civil", "phone": "062", "note": "", "website": ""},
                        {
                            "name": "Gender violence",
                            "phone": "016",
                            "note": "Free, 24 hours a day. It does not appear on the phone bill, but delete it "
                            "from your call history.",
                            "website": "",
                        },
                        {
                            "name": "Provincial Prosecutor's Office of Valencia: hate crime and discrimination "
                            "prosecutors",
                            "phone": "",
                            "note": "At the Ciudad de la Justicia in València. Check the address and opening "
                            "hours on the official website of the Public Prosecutor's Office.",
                            "website": "https://www.fiscal.es/",
                        },
                        {
                            "name": "Office for Assistance to Victims of Crime in València",
                            "phone": "",
                            "note": "A free service of the Generalitat Valenciana: information, psychological "
                            "support and accompaniment. Check how to contact it on the Generalitat's official "
                            "website.",
                            "website": "",
                        },
                    ],
                },
            ),
        ],
    },
    "undocumented": {
        "title": "If you have no papers",
        "summary": "What is known and what is not about reporting if your residence status is irregular.",
        "body": [
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Reporting to the observatory does not affect your status",
                    "text": "<p>The observatory does not ask for papers or your name, does not keep your IP "
                    "address and tells nothing to the police or the immigration authorities. Your report does "
                    "not affect your residence status.</p>",
                },
            ),
            (
                "text",
                "<p>You have rights even without papers. Law 15/2022 on equal treatment protects everyone, "
                "legally resident or not, and the Statute of Victims of Crime also applies to every "
                "victim.</p>",
            ),
            ("heading", "If you go to the police: what the law says"),
            (
                "text",
                "<ul><li><strong>Gender violence:</strong> if you are a foreign woman who is a victim of gender "
                "violence, reporting it does not open expulsion proceedings for irregular stay, and any "
                "proceedings already open are suspended (article 31 bis of Organic Law 4/2000 on foreigners). "
                "You can apply for a residence and work permit on exceptional grounds.</li>"
                "<li><strong>Human trafficking:</strong> article 59 bis of that law provides a recovery and "
                "reflection period during which you cannot be expelled.</li>"
                "<li><strong>Organised networks:</strong> if you are a victim or witness of labour or sexual "
                "exploitation or of people smuggling and you report those responsible, article 59 allows you "
                "to be exempted from the penalty for irregular stay.</li></ul>",
            ),
            ("heading", "What is not guaranteed"),
            (
                "text",
                "<p>For other offences, hate crimes included, the law on foreigners has no such protection: we "
                "cannot promise you that the police will not check your status when you report. That is why "
                "we recommend talking to a support organisation first. It can look at your case, go with you "
                "or help you file the complaint in writing with the prosecutor or the court.</p>"
                "<p>The municipal register (padrón) must include everyone who lives in the city, with or "
                "without papers, and it proves your residence to public services. If you are refused "
                "registration, tell us.</p>",
            ),
        ],
    },
    "directory": {
        "title": "Support organisations",
        "summary": "Associations and services in València that help victims of discrimination and hate.",
        "intro": "<p>Search by kind of help, ground of discrimination, language or district, and sort the list "
        "by distance from a neighbourhood you choose. We do not use your location.</p>"
        "<p><strong>Demo data:</strong> the organisations exist, but their languages, services and places on "
        "the map are illustrative. Always check the address, opening hours and phone number on their "
        "official website.</p>",
    },
    "privacy": {
        "title": "Privacy notice",
        "summary": "What we keep when you report, who can read it and for how long.",
        "body": [
            (
                "text",
                "<p>This site is built so that you can report without leaving a trace. Here is what we keep, "
                "in plain words.</p>",
            ),
            ("heading", "What we do not keep"),
            (
                "text",
                "<ul><li>Neither your IP address nor your browser's details: they are written into no "
                "log.</li>"
                "<li>No tracking or advertising cookies: only the technical ones needed to send the form and "
                "open the mailbox. The site loads nothing from other sites.</li>"
                "<li>Not your name, unless you decide to give it.</li></ul>",
            ),
            ("heading", "What we keep"),
            (
                "text",
                "<ul><li>Your report (what you tell us, the exact date and place, your contact details if you "
                "give them, the files you attach) and the mailbox messages are stored encrypted. Only the "
                "Office for Non-Discrimination, the sorting program on our server, the organisation your case "
                "is referred to and you, with your receipt, can open them.</li>"
                "<li>Unencrypted, we keep only what is needed to organise the work and produce statistics: "
                "the month of the incident, the neighbourhood and district, whether you are the victim or a "
                "witness, the language, the state of the case, its urgency and the time it arrived, "
                "rounded.</li>"
                "<li>Your receipt is not stored, only a fingerprint that recognises it. If you lose it, "
                "nobody can recover it.</li></ul>",
            ),
            ("heading", "For how long"),
            (
                "text",
                "<p>In this demo, a closed case is kept for five years after it is closed, and a report that "
                "never became a case for one year. Then it is destroyed so that nobody can read it again. You "
                "can ask from your mailbox for it to be deleted sooner. The published statistics contain "
                "nothing that identifies you.</p>",
            ),
            ("heading", "Your rights"),
            (
                "text",
                "<p>The General Data Protection Regulation lets you ask for access to your data, its "
                "correction or its erasure, and complain to the Spanish Data Protection Agency. As your report "
                "is anonymous, you do this from your mailbox, with your receipt. The data controller is whoever "
                "runs the observatory (see the legal notice).</p>",
            ),
        ],
    },
    "legal": {
        "title": "Legal notice",
        "summary": "Who runs this site and on what terms it is published.",
        "body": [
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "This is a demo",
                    "text": "<p>This site is a demo of the Observatory software. The texts were written with "
                    "care, but they are not legal advice, and the directory's data are illustrative: always "
                    "check the information on the official websites.</p>",
                },
            ),
            (
                "text",
                "<p>The city that publishes this site must state here its name, address, tax identification "
                "number (NIF) and a way to contact it, as Law 34/2002 on information society services "
                "requires, and who is responsible for data protection.</p>"
                "<p>The texts of the information pages may be reused with credit to the source. Each open "
                "data download states its licence.</p>"
                "<p>The site uses no tracking cookies and loads no third-party content. The program is free "
                "software.</p>",
            ),
        ],
    },
}

ORGANISATIONS = {
    "cruz_roja": {
        "name": "Spanish Red Cross in València",
        "summary": "Reception and social support for migrants, refugees and people in vulnerable situations.",
        "opening_hours": "Check the opening hours on their official website.",
        "address": "València. Check the address on their official website.",
        "accessibility": "",
    },
    "cear": {
        "name": "CEAR, Spanish Commission for Refugee Aid (País Valencià)",
        "summary": "Legal advice, psychological support and reception for refugees and migrants.",
        "opening_hours": "Check the opening hours on their official website.",
        "address": "València. Check the address on their official website.",
        "accessibility": "",
    },
    "accem": {
        "name": "Accem in València",
        "summary": "Reception and legal, social and employment guidance for refugees and migrants.",
        "opening_hours": "Check the opening hours on their official website.",
        "address": "València. Check the address on their official website.",
        "accessibility": "",
    },
    "valencia_acoge": {
        "name": "Valencia Acoge",
        "summary": "An association supporting migrants: legal guidance, employment and action against racism.",
        "opening_hours": "Check the opening hours on their official website.",
        "address": "València. Check the address on their official website.",
        "accessibility": "",
    },
    "fsg": {
        "name": "Fundación Secretariado Gitano in València",
        "summary": "Promotion of the Roma community, employment and assistance to victims of antigypsyism.",
        "opening_hours": "Check the opening hours on their official website.",
        "address": "València. Check the address on their official website.",
        "accessibility": "",
    },
    "lambda": {
        "name": "Lambda, València's LGBTI collective",
        "summary": "Support for LGBTI people: legal advice, psychological support and accompaniment after "
        "attacks.",
        "opening_hours": "Check the opening hours on their official website.",
        "address": "València. Check the address on their official website.",
        "accessibility": "",
    },
    "mci": {
        "name": "Movimiento contra la Intolerancia in València",
        "summary": "Support and accompaniment for victims of hate crime and discrimination.",
        "opening_hours": "Check the opening hours on their official website.",
        "address": "València. Check the address on their official website.",
        "accessibility": "",
    },
    "oavd": {
        "name": "Office for Assistance to Victims of Crime in València",
        "summary": "A free public service of the Generalitat Valenciana: information, psychological support and "
        "accompaniment through the proceedings.",
        "opening_hours": "Check the opening hours on the Generalitat's official website.",
        "address": "Ciudad de la Justicia, València.",
        "accessibility": "",
    },
}
