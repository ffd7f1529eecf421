# ruff: noqa: E501 (prose: one sentence per string reads better than wrapped at 110)
"""Valencià: the demo site's texts, translated from es.py (see cms/demo_content/__init__.py)."""

HOME = {
    "title": "Observatori contra la discriminació i els delictes d'odi",
    "intro": "<p>Si has patit o presenciat discriminació o un incident d'odi a la ciutat, pots contar-nos-ho "
    "de manera anònima. No necessites cap compte i no guardem la teua adreça IP.</p>",
    "report_call": "Conta'ns què va passar: és anònim i està xifrat.",
}

REPORT = {
    "title": "Informar d'un incident",
    "intro": "<p>Si has patit o has vist discriminació o un incident d'odi a la ciutat, conta'ns-ho. És "
    "anònim: no necessites cap compte, no et demanem el nom i no guardem la teua adreça IP. El teu informe es "
    "xifra i només el lligen l'Oficina de No Discriminació i les organitzacions que t'ajuden.</p>",
    "help_text": "<p>Si estàs en perill ara mateix, telefona al <strong>112</strong>.</p>"
    "<p>Al final rebràs un justificant. Amb este justificant podràs tornar a la teua bústia per a llegir les "
    "respostes, contestar i afegir informació. Apunta'l bé: no el podem recuperar.</p>"
    "<p>Pots escriure en la llengua que preferisques.</p>",
}

PAGES = {
    "what_happens": {
        "title": "Què passa amb el meu informe?",
        "summary": "Qui el llig, quan et responen i què pot fer l'oficina per tu.",
        "body": [
            (
                "text",
                "<p>El teu informe es guarda xifrat. Només el poden llegir les persones de l'Oficina de No "
                "Discriminació de l'Ajuntament i, si l'oficina t'hi deriva, l'organització de suport que "
                "porte el teu cas. Ningú més: ni la resta de l'Ajuntament, ni la policia, ni les persones que "
                "mantenen el servidor.</p>"
                "<p>Un programa que funciona en el nostre propi servidor llig el text per a proposar una "
                "classificació i detectar urgències. No envia res a fora, i una persona de l'oficina revisa "
                "sempre el que proposa.</p>",
            ),
            (
                "steps",
                {
                    "heading": "El que passa després",
                    "steps": [
                        {
                            "title": "Reps un justificant.",
                            "text": "<p>Guarda'l: amb ell entres en la teua bústia. Si el perds, no el podem "
                            "recuperar, perquè no sabem qui eres.</p>",
                        },
                        {
                            "title": "L'oficina llig el teu informe.",
                            "text": "<p>Una persona de l'oficina el llig i et respon en la teua bústia en un "
                            "termini màxim de 7 dies.</p>",
                        },
                        {
                            "title": "Parleu per la bústia.",
                            "text": "<p>Et poden fer preguntes, explicar-te les teues opcions i proposar-te una "
                            "organització que t'acompanye. Tu decidixes què vols fer.</p>",
                        },
                        {
                            "title": "El cas es tanca.",
                            "text": "<p>L'oficina t'ho indica en la bústia. El teu cas es compta en les "
                            "estadístiques públiques de l'observatori, sense cap dada que t'identifique.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "La policia no rep res sense el teu permís",
                    "text": "<p>Informar l'observatori no és posar una denúncia. L'oficina no passa el teu "
                    "informe ni les teues dades a la policia, a la fiscalia ni a estrangeria sense el teu "
                    "consentiment. Si vols denunciar, t'expliquem com fer-ho i qui et pot acompanyar.</p>",
                },
            ),
            ("heading", "El que l'oficina pot fer"),
            (
                "text",
                "<ul><li>Escoltar-te i explicar-te els teus drets.</li>"
                "<li>Derivar-te a una organització de suport: assessoria jurídica, suport psicològic, "
                "interpretació, vivenda.</li>"
                "<li>Ajudar-te a preparar una reclamació o una denúncia, si decidixes presentar-la.</li>"
                "<li>Fer visible la discriminació a la ciutat: cada cas compta en les estadístiques.</li></ul>",
            ),
            ("heading", "El que l'oficina no pot fer"),
            (
                "text",
                "<ul><li>No és un jutjat ni la policia: no investiga delictes, no deté ningú i no posa "
                "multes.</li>"
                "<li>No et pot garantir un resultat.</li>"
                "<li>No atén emergències: si estàs en perill, telefona al 112.</li></ul>",
            ),
            (
                "faq",
                {
                    "heading": "Preguntes freqüents",
                    "questions": [
                        {
                            "question": "He de donar el meu nom?",
                            "answer": "<p>No. Pots informar de manera anònima. Si vols que et contacten fora "
                            "de la bústia, pots deixar un telèfon o un correu: es guarda xifrat.</p>",
                        },
                        {
                            "question": "En quina llengua em respondran?",
                            "answer": "<p>Pots escriure en la llengua que vulgues. L'oficina intentarà "
                            "respondre't en la llengua que tries en el formulari.</p>",
                        },
                        {
                            "question": "Hi ha alguna excepció a la confidencialitat?",
                            "answer": "<p>Si el teu informe mostra que algú corre un perill greu i immediat "
                            "(per exemple, un xiquet o una xiqueta), l'oficina pot estar obligada a avisar els "
                            "servicis d'emergència. Tot i així, no sap qui eres si no li ho has dit.</p>",
                        },
                        {
                            "question": "Puc esborrar el meu informe?",
                            "answer": "<p>Sí. Demana-ho des de la teua bústia: s'esborra al cap de 14 dies, "
                            "per si canvies d'opinió.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "equal_treatment": {
        "title": "Discriminació: els teus drets",
        "summary": "La Llei 15/2022 d'igualtat de tracte: què et protegix, on i a qui acudir.",
        "body": [
            (
                "text",
                "<p>La Llei 15/2022, de 12 de juliol, integral per a la igualtat de tracte i la no "
                "discriminació, prohibix tractar pitjor una persona per raó del seu naixement, origen racial "
                "o ètnic, sexe, religió, convicció o opinió, edat, discapacitat, orientació o identitat "
                "sexual, expressió de gènere, malaltia o condició de salut, estat serològic o predisposició "
                "genètica a patir patologies, llengua, situació socioeconòmica o qualsevol altra condició o "
                "circumstància personal o social.</p>"
                "<p>Protegix totes les persones, independentment de la seua nacionalitat i de si tenen o no "
                "residència legal. S'aplica, entre altres àmbits, a l'ocupació, l'educació, la sanitat, els "
                "servicis socials, la vivenda, els béns i servicis oberts al públic (botigues, bars, "
                "discoteques, bancs), la seguretat ciutadana, la justícia, els mitjans de comunicació i "
                "internet.</p>",
            ),
            ("heading", "Què compta com a discriminació"),
            (
                "text",
                "<ul><li><strong>Directa:</strong> et tracten pitjor per un d'eixos motius, com quan no et "
                "lloguen un pis «perquè no llogem a estrangers».</li>"
                "<li><strong>Indirecta:</strong> una norma en aparença neutra et perjudica especialment i no "
                "té una justificació objectiva.</li>"
                "<li><strong>Per associació o per error:</strong> per la teua relació amb una altra persona, o "
                "perquè creuen que tens una característica que no tens.</li>"
                "<li><strong>Assetjament discriminatori:</strong> conductes que atempten contra la teua "
                "dignitat i creen un entorn intimidatori, hostil o humiliant.</li>"
                "<li><strong>Represàlies:</strong> també està prohibit tractar-te pitjor per haver reclamat o "
                "denunciat.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "No has de provar-ho tot tu",
                    "text": "<p>Si aportes indicis fundats de discriminació, és l'altra part qui ha de provar "
                    "que va actuar amb una justificació objectiva i raonable (article 30 de la llei). Esta "
                    "regla no s'aplica en els judicis penals.</p>",
                },
            ),
            (
                "steps",
                {
                    "heading": "Què pots fer",
                    "steps": [
                        {
                            "title": "Guarda proves.",
                            "text": "<p>Anuncis, missatges, correus, fotos, la data, el lloc i el nom de qui "
                            "ho va veure.</p>",
                        },
                        {
                            "title": "Demana el full de reclamacions.",
                            "text": "<p>Si va passar en una botiga, un bar o un altre establiment, tens dret "
                            "que te'l donen.</p>",
                        },
                        {
                            "title": "Conta'ns-ho.",
                            "text": "<p>L'oficina t'orienta i et pot derivar a una organització que "
                            "t'assessore.</p>",
                        },
                        {
                            "title": "Acudix a l'Autoritat o als tribunals.",
                            "text": "<p>La llei crea l'Autoritat Independent per a la Igualtat de Tracte i la "
                            "No Discriminació, que té entre les seues funcions assistir les víctimes; consulta "
                            "la seua web oficial per a saber com contactar-hi. També pots reclamar davant dels "
                            "tribunals la reparació del dany patit (article 27).</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "hate_crime": {
        "title": "Delictes d'odi",
        "summary": "Quan una agressió, una amenaça o un missatge d'odi és delicte, segons el Codi Penal.",
        "body": [
            (
                "text",
                "<p>Un delicte d'odi és un delicte (una agressió, una amenaça, uns danys) comés per prejuí "
                "contra el que la víctima és o es creu que és: el seu origen, la seua religió, la seua "
                "orientació sexual, la seua identitat de gènere, la seua discapacitat… També és delicte "
                "incitar públicament a l'odi o a la violència contra un grup.</p>",
            ),
            ("heading", "Article 22.4: l'odi agreuja el delicte"),
            (
                "text",
                "<p>El Codi Penal castiga amb més duresa qualsevol delicte comés per motius racistes, "
                "antisemites, antigitanos o una altra classe de discriminació referent a la ideologia, "
                "religió o creences de la víctima, l'ètnia, raça o nació a què pertanga, el seu sexe, edat, "
                "orientació o identitat sexual o de gènere, raons de gènere, d'aporofòbia o d'exclusió "
                "social, la malaltia que patisca o la seua discapacitat, encara que la víctima no tinga de "
                "veritat eixa condició.</p>",
            ),
            ("heading", "Article 510: incitació a l'odi"),
            (
                "text",
                "<ul><li>Fomentar, promoure o incitar públicament a l'odi, l'hostilitat, la discriminació o "
                "la violència contra un grup o una persona per eixos motius es castiga amb presó d'un a "
                "quatre anys i multa.</li>"
                "<li>Humiliar o menysprear públicament un grup o una persona per eixos motius, o enaltir els "
                "delictes comesos contra ells, es castiga amb presó de sis mesos a dos anys i multa.</li>"
                "<li>Si es fa per internet, per xarxes socials o en mitjans de comunicació, la pena és més "
                "gran.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Si acaba de passar",
                    "text": "<p>Si estàs en perill o qui t'ha agredit continua a prop, telefona al 112. Si "
                    "tens ferides, ves a un centre de salut o a urgències i demana el part de lesions: és una "
                    "prova important.</p>",
                },
            ),
            (
                "faq",
                {
                    "heading": "Preguntes freqüents",
                    "questions": [
                        {
                            "question": "Un insult pel carrer és delicte?",
                            "answer": "<p>Depén de la seua gravetat i del context. Encara que no ho siga, pot "
                            "ser assetjament discriminatori segons la Llei 15/2022. Conta'ns-ho igualment: cada "
                            "cas ajuda a veure el que passa a la ciutat.</p>",
                        },
                        {
                            "question": "I els missatges d'odi en internet?",
                            "answer": "<p>Fes captures de pantalla amb la data i l'adreça de la publicació "
                            "abans que l'esborren. Pots denunciar-los en la mateixa xarxa social i també davant "
                            "de la policia.</p>",
                        },
                        {
                            "question": "Hi ha fiscals especialitzats?",
                            "answer": "<p>Sí. Cada fiscalia provincial té fiscals de delictes d'odi i "
                            "discriminació; a València, en la Fiscalia Provincial de València. Pots "
                            "presentar-los una denúncia per escrit.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "police": {
        "title": "Denunciar davant de la policia o la fiscalia",
        "summary": "Com posar una denúncia, quins drets tens i qui et pot acompanyar.",
        "body": [
            (
                "text",
                "<p>Denunciar és decisió teua. Informar l'observatori no substituïx una denúncia, però et pot "
                "ajudar a preparar-la.</p>",
            ),
            (
                "steps",
                {
                    "heading": "Com posar una denúncia",
                    "steps": [
                        {
                            "title": "Tria on.",
                            "text": "<p>En una comissaria de la Policia Nacional, en la Guàrdia Civil, en el "
                            "jutjat de guàrdia o per escrit davant de la Fiscalia Provincial de València. La "
                            "Policia Local de València atén en el 092 i t'indica on presentar-la.</p>",
                        },
                        {
                            "title": "Porta el que tingues.",
                            "text": "<p>La teua documentació si la tens, les proves (fotos, captures, el part "
                            "de lesions) i les dades de qui ho va veure. Si no tens papers, llig abans la "
                            "pàgina «Si no tens papers».</p>",
                        },
                        {
                            "title": "Digues que va ser per odi.",
                            "text": "<p>Explica per què creus que et van atacar pel teu origen, la teua "
                            "religió, la teua orientació sexual o un altre motiu: el que van dir, símbols, el "
                            "context. Demana que conste en la denúncia.</p>",
                        },
                        {
                            "title": "Revisa-la i demana la teua còpia.",
                            "text": "<p>Llig la denúncia abans de firmar-la. Tens dret a una còpia.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Els teus drets com a víctima",
                    "text": "<p>L'Estatut de la víctima del delicte (Llei 4/2015) s'aplica a totes les "
                    "víctimes, siga quina siga la seua nacionalitat i tinguen o no residència legal. Tens dret "
                    "a entendre i que t'entenguen, amb intèrpret gratuït si no parles castellà; a anar "
                    "acompanyada d'una persona que tries; a una còpia de la teua denúncia; i a informació "
                    "sobre l'assistència a les víctimes.</p>",
                },
            ),
            (
                "contacts",
                {
                    "heading": "Telèfons i servicis",
                    "contacts": [
                        {
                            "name": "Emergències",
                            "phone": "112",
                            "note": "Gratuït, les 24 hores.",
                            "website": "",
                        },
                        {"name": "Policia Nacional", "phone": "091", "note": "", "website": ""},
                        {"name": "Policia Local de València", "phone": "092", "note": "", "website": ""},
                        {"name": "Guàrdia Civil", "phone": "062", "note": "", "website": ""},
                        {
                            "name": "Violència de gènere",
                            "phone": "016",
                            "note": "Gratuït, les 24 hores. No apareix en la factura, però esborra'l de "
                            "l'historial de telefonades.",
                            "website": "",
                        },
                        {
                            "name": "Fiscalia Provincial de València: fiscals de delictes d'odi i discriminació",
                            "phone": "",
                            "note": "En la Ciutat de la Justícia de València. Consulta l'adreça i l'horari en "
                            "la web oficial del Ministeri Fiscal.",
                            "website": "https://www.fiscal.es/",
                        },
                        {
                            "name": "Oficina d'Assistència a les Víctimes del Delicte de València",
                            "phone": "",
                            "note": "Servici gratuït de la Generalitat Valenciana: informació, suport "
                            "psicològic i acompanyament. Consulta com contactar-hi en la web oficial de la "
                            "Generalitat.",
                            "website": "",
                        },
                    ],
                },
            ),
        ],
    },
    "undocumented": {
        "title": "Si no tens papers",
        "summary": "Què se sap i què no sobre informar i denunciar si estàs en situació irregular.",
        "body": [
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Informar l'observatori no afecta la teua situació",
                    "text": "<p>L'observatori no et demana documentació ni el teu nom, no guarda la teua "
                    "adreça IP i no comunica res a la policia ni a estrangeria. El teu informe no afecta la "
                    "teua situació de residència.</p>",
                },
            ),
            (
                "text",
                "<p>Tens drets encara que no tingues papers. La Llei 15/2022 d'igualtat de tracte protegix "
                "totes les persones, tinguen o no residència legal, i l'Estatut de la víctima del delicte "
                "s'aplica també a totes les víctimes.</p>",
            ),
            ("heading", "Si vas a la policia: el que diu la llei"),
            (
                "text",
                "<ul><li><strong>Violència de gènere:</strong> si eres una dona estrangera víctima de "
                "violència de gènere, denunciar no obri un expedient d'expulsió per estada irregular, i, si "
                "ja n'hi havia un, se suspén (article 31 bis de la Llei orgànica 4/2000, d'estrangeria). "
                "Pots demanar una autorització de residència i treball per circumstàncies excepcionals.</li>"
                "<li><strong>Tracta d'éssers humans:</strong> l'article 59 bis d'eixa llei preveu un període "
                "de restabliment i reflexió durant el qual no et poden expulsar.</li>"
                "<li><strong>Xarxes organitzades:</strong> si eres víctima o testimoni d'explotació laboral o "
                "sexual o de tràfic de persones i denuncies els autors, l'article 59 permet eximir-te de la "
                "sanció per estada irregular.</li></ul>",
            ),
            ("heading", "El que no està garantit"),
            (
                "text",
                "<p>Per als altres delictes, inclosos els delictes d'odi, la llei d'estrangeria no té una "
                "protecció igual: no et podem prometre que, quan denuncies, la policia no comprove la teua "
                "situació. Per això et recomanem parlar abans amb una organització de suport. Pot estudiar el "
                "teu cas, acompanyar-te o ajudar-te a presentar la denúncia per escrit davant de la fiscalia "
                "o el jutjat.</p>"
                "<p>El padró municipal ha d'inscriure totes les persones que viuen a la ciutat, tinguen o no "
                "papers, i servix per a acreditar la teua residència davant dels servicis públics. Si et "
                "neguen l'empadronament, conta'ns-ho.</p>",
            ),
        ],
    },
    "directory": {
        "title": "Organitzacions de suport",
        "summary": "Associacions i servicis de València que ajuden les víctimes de discriminació i d'odi.",
        "intro": "<p>Busca per tipus d'ajuda, motiu de discriminació, llengua o districte, i ordena la llista "
        "per proximitat a un barri que tries. No fem servir la teua ubicació.</p>"
        "<p><strong>Dades de demostració:</strong> les organitzacions existixen, però les seues llengües, "
        "servicis i ubicació en el mapa són il·lustratius. Comprova sempre l'adreça, l'horari i el telèfon en "
        "la seua web oficial.</p>",
    },
    "privacy": {
        "title": "Avís de privacitat",
        "summary": "Què guardem quan informes, qui ho pot llegir i durant quant de temps.",
        "body": [
            (
                "text",
                "<p>Este lloc està fet perquè pugues informar sense deixar rastre. Açò és el que guardem, en "
                "paraules senzilles.</p>",
            ),
            ("heading", "El que no guardem"),
            (
                "text",
                "<ul><li>Ni la teua adreça IP ni les dades del teu navegador: no s'anoten en cap "
                "registre.</li>"
                "<li>Ni galetes de seguiment o de publicitat: només les tècniques imprescindibles per a "
                "enviar el formulari i obrir la bústia. La web no carrega res d'altres llocs.</li>"
                "<li>Ni el teu nom, llevat que decidisques donar-lo.</li></ul>",
            ),
            ("heading", "El que guardem"),
            (
                "text",
                "<ul><li>El teu informe (el que contes, la data i el lloc exactes, el teu contacte si el "
                "dones, els arxius que adjuntes) i els missatges de la bústia es guarden xifrats. Només els "
                "poden obrir l'Oficina de No Discriminació, el programa de classificació del nostre servidor, "
                "l'organització a què es derive el teu cas i tu, amb el teu justificant.</li>"
                "<li>Sense xifrar guardem només el necessari per a organitzar el treball i fer estadístiques: "
                "el mes de l'incident, el barri i el districte, si eres víctima o testimoni, la llengua, "
                "l'estat del cas, la seua urgència i l'hora d'arribada arredonida.</li>"
                "<li>El teu justificant no es guarda, només una empremta que permet reconéixer-lo. Si el "
                "perds, ningú el pot recuperar.</li></ul>",
            ),
            ("heading", "Durant quant de temps"),
            (
                "text",
                "<p>En esta demostració, un cas tancat es guarda cinc anys des que es tanca, i un informe que "
                "no va arribar a ser cas, un any. Després es destruïx de manera que ningú el puga tornar a "
                "llegir. Pots demanar des de la teua bústia que s'esborre abans. Les estadístiques publicades "
                "no contenen cap dada que t'identifique.</p>",
            ),
            ("heading", "Els teus drets"),
            (
                "text",
                "<p>El Reglament general de protecció de dades et permet demanar l'accés a les teues dades, "
                "la rectificació o la supressió, i reclamar davant de l'Agència Espanyola de Protecció de "
                "Dades. Com que el teu informe és anònim, ho fas des de la teua bústia, amb el teu "
                "justificant. El responsable del tractament és qui gestiona l'observatori (consulta l'avís "
                "legal).</p>",
            ),
        ],
    },
    "legal": {
        "title": "Avís legal",
        "summary": "Qui gestiona este lloc i en quines condicions es publica.",
        "body": [
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Açò és una demostració",
                    "text": "<p>Este lloc és una demostració del programa Observatory. Els textos s'han "
                    "escrit amb cura, però no són assessorament jurídic, i les dades del directori són "
                    "il·lustratives: comprova sempre la informació en les webs oficials.</p>",
                },
            ),
            (
                "text",
                "<p>La ciutat que publique este lloc ha d'indicar ací el seu nom, la seua adreça, el seu NIF i "
                "una forma de contacte, com exigix la Llei 34/2002 de servicis de la societat de la "
                "informació, així com el responsable de la protecció de dades.</p>"
                "<p>Els textos de les pàgines informatives es poden reutilitzar citant-ne la font. Cada "
                "descàrrega de dades obertes n'indica la llicència.</p>"
                "<p>El lloc no fa servir galetes de seguiment ni carrega contingut de tercers. El programa és "
                "programari lliure.</p>",
            ),
        ],
    },
}

ORGANISATIONS = {
    "cruz_roja": {
        "name": "Creu Roja a València",
        "summary": "Acollida i intervenció social amb persones migrants, refugiades i en situació vulnerable.",
        "opening_hours": "Consulta l'horari en la seua web oficial.",
        "address": "València. Consulta l'adreça en la seua web oficial.",
        "accessibility": "",
    },
    "cear": {
        "name": "CEAR, Comisión Española de Ayuda al Refugiado (País Valencià)",
        "summary": "Assessoria jurídica, suport psicològic i acollida per a persones refugiades i migrants.",
        "opening_hours": "Consulta l'horari en la seua web oficial.",
        "address": "València. Consulta l'adreça en la seua web oficial.",
        "accessibility": "",
    },
    "accem": {
        "name": "Accem a València",
        "summary": "Acollida i orientació jurídica, social i laboral per a persones refugiades i migrants.",
        "opening_hours": "Consulta l'horari en la seua web oficial.",
        "address": "València. Consulta l'adreça en la seua web oficial.",
        "accessibility": "",
    },
    "valencia_acoge": {
        "name": "Valencia Acoge",
        "summary": "Associació de suport a persones migrants: orientació jurídica, ocupació i acció contra el "
        "racisme.",
        "opening_hours": "Consulta l'horari en la seua web oficial.",
        "address": "València. Consulta l'adreça en la seua web oficial.",
        "accessibility": "",
    },
    "fsg": {
        "name": "Fundación Secretariado Gitano a València",
        "summary": "Promoció de la comunitat gitana, ocupació i assistència a víctimes d'antigitanisme.",
        "opening_hours": "Consulta l'horari en la seua web oficial.",
        "address": "València. Consulta l'adreça en la seua web oficial.",
        "accessibility": "",
    },
    "lambda": {
        "name": "Lambda, col·lectiu LGTBI de València",
        "summary": "Atenció a persones LGTBI: assessoria jurídica, suport psicològic i acompanyament davant "
        "d'agressions.",
        "opening_hours": "Consulta l'horari en la seua web oficial.",
        "address": "València. Consulta l'adreça en la seua web oficial.",
        "accessibility": "",
    },
    "mci": {
        "name": "Movimiento contra la Intolerancia a València",
        "summary": "Atenció i acompanyament a víctimes de delictes d'odi i de discriminació.",
        "opening_hours": "Consulta l'horari en la seua web oficial.",
        "address": "València. Consulta l'adreça en la seua web oficial.",
        "accessibility": "",
    },
    "oavd": {
        "name": "Oficina d'Assistència a les Víctimes del Delicte de València",
        "summary": "Servici públic i gratuït de la Generalitat Valenciana: informació, suport psicològic i "
        "acompanyament durant el procés.",
        "opening_hours": "Consulta l'horari en la web oficial de la Generalitat.",
        "address": "Ciutat de la Justícia de València.",
        "accessibility": "",
    },
}
