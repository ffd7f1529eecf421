# ruff: noqa: E501 (prose: one sentence per string reads better than wrapped at 110)
"""Română: the demo site's texts translated from the Spanish source (see cms/demo_content/__init__.py)."""

HOME = {
    "title": "Observatorul împotriva discriminării și a infracțiunilor motivate de ură",
    "intro": "<p>Dacă ai fost victima sau martorul unei discriminări ori al unui incident motivat de ură în oraș, "
    "ne poți spune ce s-a întâmplat fără să-ți dai numele. Nu ai nevoie de cont și nu păstrăm adresa ta IP.</p>",
    "report_call": "Spune-ne ce s-a întâmplat: este anonim și criptat.",
}

REPORT = {
    "title": "Raportează un incident",
    "intro": "<p>Dacă ai fost victima sau martorul unei discriminări ori al unui incident motivat de ură în oraș, "
    "spune-ne. Este anonim: nu ai nevoie de cont, nu îți cerem numele și nu păstrăm adresa ta IP. Raportul tău "
    "este criptat și îl citesc doar Biroul pentru Nediscriminare (Oficina de No Discriminación) și organizațiile "
    "care te ajută.</p>",
    "help_text": "<p>Dacă ești în pericol chiar acum, sună la <strong>112</strong>.</p>"
    "<p>La sfârșit vei primi un cod de confirmare. Cu el te poți întoarce în căsuța ta de mesaje ca să citești "
    "răspunsurile, să răspunzi și să adaugi informații. Notează-l cu grijă: nu îl putem recupera.</p>"
    "<p>Poți scrie în limba pe care o preferi.</p>",
}

PAGES = {
    "what_happens": {
        "title": "Ce se întâmplă cu raportul meu?",
        "summary": "Cine îl citește, când primești răspuns și ce poate face biroul pentru tine.",
        "body": [
            (
                "text",
                "<p>Raportul tău este păstrat criptat. Îl pot citi doar persoanele de la Biroul pentru "
                "Nediscriminare al Primăriei (Oficina de No Discriminación del Ayuntamiento) și, dacă biroul te "
                "trimite la ea, organizația de sprijin care se ocupă de cazul tău. Nimeni altcineva: nici restul "
                "Primăriei, nici poliția, nici cei care întrețin serverul.</p>"
                "<p>Un program care rulează pe serverul nostru citește textul ca să propună o clasificare și să "
                "depisteze urgențele. Nu trimite nimic în afară, iar o persoană de la birou verifică întotdeauna "
                "ce propune.</p>",
            ),
            (
                "steps",
                {
                    "heading": "Ce se întâmplă după aceea",
                    "steps": [
                        {
                            "title": "Primești un cod de confirmare.",
                            "text": "<p>Păstrează-l: cu el intri în căsuța ta de mesaje. Dacă îl pierzi, nu îl "
                            "putem recupera, pentru că nu știm cine ești.</p>",
                        },
                        {
                            "title": "Biroul îți citește raportul.",
                            "text": "<p>O persoană de la birou îl citește și îți răspunde în căsuța de mesaje în "
                            "cel mult 7 zile.</p>",
                        },
                        {
                            "title": "Vorbiți prin căsuța de mesaje.",
                            "text": "<p>Ți se pot pune întrebări, ți se pot explica opțiunile și ți se poate "
                            "propune o organizație care să te însoțească. Tu decizi ce vrei să faci.</p>",
                        },
                        {
                            "title": "Cazul se închide.",
                            "text": "<p>Biroul te anunță în căsuța de mesaje. Cazul tău intră în statisticile "
                            "publice ale observatorului, fără nicio informație care să te identifice.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Poliția nu primește nimic fără acordul tău",
                    "text": "<p>A informa observatorul nu înseamnă a depune o plângere. Biroul nu transmite "
                    "raportul sau datele tale poliției, parchetului (fiscalía) sau serviciului de imigrări "
                    "(extranjería) fără consimțământul tău. Dacă vrei să depui plângere, îți explicăm cum și cine "
                    "te poate însoți.</p>",
                },
            ),
            ("heading", "Ce poate face biroul"),
            (
                "text",
                "<ul><li>Să te asculte și să îți explice drepturile.</li>"
                "<li>Să te trimită la o organizație de sprijin: consiliere juridică, sprijin psihologic, "
                "interpretariat, locuință.</li>"
                "<li>Să te ajute să pregătești o reclamație sau o plângere, dacă decizi să o depui.</li>"
                "<li>Să facă vizibilă discriminarea din oraș: fiecare caz contează în statistici.</li></ul>",
            ),
            ("heading", "Ce nu poate face biroul"),
            (
                "text",
                "<ul><li>Nu este nici tribunal, nici poliție: nu cercetează infracțiuni, nu arestează pe nimeni "
                "și nu dă amenzi.</li>"
                "<li>Nu îți poate garanta un anumit rezultat.</li>"
                "<li>Nu se ocupă de urgențe: dacă ești în pericol, sună la 112.</li></ul>",
            ),
            (
                "faq",
                {
                    "heading": "Întrebări frecvente",
                    "questions": [
                        {
                            "question": "Trebuie să îmi dau numele?",
                            "answer": "<p>Nu. Poți raporta anonim. Dacă vrei să fii contactat și în afara "
                            "căsuței de mesaje, poți lăsa un număr de telefon sau o adresă de e-mail: sunt "
                            "păstrate criptat.</p>",
                        },
                        {
                            "question": "În ce limbă mi se va răspunde?",
                            "answer": "<p>Poți scrie în ce limbă vrei. Biroul va încerca să îți răspundă în "
                            "limba pe care o alegi în formular.</p>",
                        },
                        {
                            "question": "Există excepții de la confidențialitate?",
                            "answer": "<p>Dacă raportul tău arată că cineva este într-un pericol grav și imediat "
                            "(de exemplu, un copil), biroul poate fi obligat să anunțe serviciile de urgență. Chiar "
                            "și așa, nu știe cine ești dacă nu i-ai spus.</p>",
                        },
                        {
                            "question": "Îmi pot șterge raportul?",
                            "answer": "<p>Da. Cere acest lucru din căsuța ta de mesaje: raportul se șterge după "
                            "14 zile, în caz că te răzgândești.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "equal_treatment": {
        "title": "Discriminarea: drepturile tale",
        "summary": "Legea 15/2022 privind egalitatea de tratament: ce te protejează, unde și la cine să apelezi.",
        "body": [
            (
                "text",
                "<p>Legea spaniolă 15/2022 din 12 iulie, privind egalitatea de tratament și nediscriminarea (Ley "
                "15/2022, integral para la igualdad de trato y la no discriminación), interzice să fie tratată mai "
                "rău o persoană din cauza nașterii, originii rasiale sau etnice, sexului, religiei, convingerilor "
                "sau opiniilor, vârstei, dizabilității, orientării sau identității sexuale, exprimării de gen, "
                "unei boli sau stări de sănătate, statutului serologic sau predispoziției genetice la anumite "
                "boli, limbii, situației socioeconomice sau oricărei alte condiții ori împrejurări personale sau "
                "sociale.</p>"
                "<p>Legea protejează toate persoanele, indiferent de cetățenie și indiferent dacă au sau nu drept "
                "de ședere legală. Se aplică, printre altele, la locul de muncă, în educație, în sănătate, în "
                "serviciile sociale, la locuință, la bunurile și serviciile oferite publicului (magazine, baruri, "
                "discoteci, bănci), în siguranța publică, în justiție, în presă și pe internet.</p>",
            ),
            ("heading", "Ce înseamnă discriminare"),
            (
                "text",
                "<ul><li><strong>Directă:</strong> ești tratat mai rău din unul dintre aceste motive, de exemplu "
                "când nu ți se închiriază o locuință „pentru că nu închiriem străinilor”.</li>"
                "<li><strong>Indirectă:</strong> o regulă aparent neutră te dezavantajează în mod deosebit și nu "
                "are o justificare obiectivă.</li>"
                "<li><strong>Prin asociere sau din eroare:</strong> din cauza legăturii tale cu o altă persoană "
                "sau pentru că se crede că ai o caracteristică pe care nu o ai.</li>"
                "<li><strong>Hărțuire discriminatorie:</strong> comportamente care îți încalcă demnitatea și "
                "creează un mediu intimidant, ostil sau umilitor.</li>"
                "<li><strong>Represalii:</strong> este interzis și să fii tratat mai rău pentru că ai făcut o "
                "reclamație sau ai depus o plângere.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Nu trebuie să dovedești totul singur",
                    "text": "<p>Dacă aduci indicii temeinice de discriminare, cealaltă parte trebuie să "
                    "dovedească faptul că a acționat cu o justificare obiectivă și rezonabilă (articolul 30 din "
                    "lege). Această regulă nu se aplică în procesele penale.</p>",
                },
            ),
            (
                "steps",
                {
                    "heading": "Ce poți face",
                    "steps": [
                        {
                            "title": "Păstrează dovezile.",
                            "text": "<p>Anunțuri, mesaje, e-mailuri, fotografii, data, locul și numele celor care "
                            "au văzut.</p>",
                        },
                        {
                            "title": "Cere registrul de reclamații (hoja de reclamaciones).",
                            "text": "<p>Dacă s-a întâmplat într-un magazin, într-un bar sau în alt local, ai "
                            "dreptul să ți se dea.</p>",
                        },
                        {
                            "title": "Spune-ne ce s-a întâmplat.",
                            "text": "<p>Biroul te îndrumă și te poate trimite la o organizație care să te "
                            "consilieze.</p>",
                        },
                        {
                            "title": "Apelează la Autoritate sau la instanțe.",
                            "text": "<p>Legea creează Autoritatea Independentă pentru Egalitatea de Tratament și "
                            "Nediscriminare (Autoridad Independiente para la Igualdad de Trato y la No "
                            "Discriminación), care are printre atribuții asistarea victimelor; consultă site-ul ei "
                            "oficial ca să afli cum o poți contacta. Poți cere și în instanță repararea prejudiciului "
                            "suferit (articolul 27).</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "hate_crime": {
        "title": "Infracțiuni motivate de ură",
        "summary": "Când o agresiune, o amenințare sau un mesaj de ură este infracțiune, potrivit Codului penal spaniol.",
        "body": [
            (
                "text",
                "<p>O infracțiune motivată de ură este o infracțiune (o agresiune, o amenințare, o distrugere de "
                "bunuri) comisă din prejudecată față de ceea ce este victima sau se crede că este: originea, "
                "religia, orientarea sexuală, identitatea de gen, dizabilitatea… Este infracțiune și incitarea "
                "publică la ură sau la violență împotriva unui grup.</p>",
            ),
            ("heading", "Articolul 22.4: ura agravează infracțiunea"),
            (
                "text",
                "<p>Codul penal spaniol (Código Penal) pedepsește mai aspru orice infracțiune comisă din motive "
                "rasiste, antisemite, antirome (antigitanos) sau din alt tip de discriminare legată de ideologia, "
                "religia sau credințele victimei, de etnia, rasa sau națiunea căreia îi aparține, de sexul, "
                "vârsta, orientarea sau identitatea sexuală ori de gen, din motive de gen, de aporofobie (ură față "
                "de cei săraci) sau de excludere socială, de boala de care suferă ori de dizabilitatea sa, chiar "
                "dacă victima nu are cu adevărat acea caracteristică.</p>",
            ),
            ("heading", "Articolul 510: incitarea la ură"),
            (
                "text",
                "<ul><li>A încuraja, a promova sau a incita public la ură, ostilitate, discriminare sau violență "
                "împotriva unui grup sau a unei persoane din aceste motive se pedepsește cu închisoare de la unu "
                "la patru ani și amendă.</li>"
                "<li>A umili sau a disprețui public un grup sau o persoană din aceste motive ori a glorifica "
                "infracțiunile comise împotriva lor se pedepsește cu închisoare de la șase luni la doi ani și "
                "amendă.</li>"
                "<li>Dacă fapta se comite pe internet, pe rețelele sociale sau în mass-media, pedeapsa este mai "
                "mare.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Dacă tocmai s-a întâmplat",
                    "text": "<p>Dacă ești în pericol sau agresorul este încă prin apropiere, sună la 112. Dacă "
                    "ești rănit, mergi la un centru de sănătate sau la urgențe și cere certificatul medical al "
                    "leziunilor (parte de lesiones): este o dovadă importantă.</p>",
                },
            ),
            (
                "faq",
                {
                    "heading": "Întrebări frecvente",
                    "questions": [
                        {
                            "question": "O insultă pe stradă este infracțiune?",
                            "answer": "<p>Depinde de gravitate și de context. Chiar dacă nu este, poate fi "
                            "hărțuire discriminatorie potrivit Legii 15/2022. Spune-ne oricum: fiecare caz ajută "
                            "să se vadă ce se întâmplă în oraș.</p>",
                        },
                        {
                            "question": "Dar mesajele de ură de pe internet?",
                            "answer": "<p>Fă capturi de ecran cu data și adresa postării înainte să fie șterse. "
                            "Le poți raporta chiar pe rețeaua socială respectivă și poți depune plângere și la "
                            "poliție.</p>",
                        },
                        {
                            "question": "Există procurori specializați?",
                            "answer": "<p>Da. Fiecare parchet provincial are procurori pentru infracțiunile "
                            "motivate de ură și discriminare; la Valencia, în cadrul Parchetului Provincial "
                            "(Fiscalía Provincial de Valencia). Le poți depune o plângere în scris.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "police": {
        "title": "Plângere la poliție sau la parchet",
        "summary": "Cum depui o plângere, ce drepturi ai și cine te poate însoți.",
        "body": [
            (
                "text",
                "<p>Decizia de a depune plângere îți aparține. Raportul către observator nu înlocuiește o "
                "plângere, dar te poate ajuta să o pregătești.</p>",
            ),
            (
                "steps",
                {
                    "heading": "Cum depui o plângere (denuncia)",
                    "steps": [
                        {
                            "title": "Alege unde.",
                            "text": "<p>La o secție a Poliției Naționale (Policía Nacional), la Garda Civilă "
                            "(Guardia Civil), la instanța de gardă (juzgado de guardia) sau în scris la Parchetul "
                            "Provincial (Fiscalía Provincial de Valencia). Poliția Locală (Policia Local de "
                            "València) răspunde la 092 și îți spune unde o poți depune.</p>",
                        },
                        {
                            "title": "Ia cu tine ce ai.",
                            "text": "<p>Actele tale, dacă le ai, dovezile (fotografii, capturi de ecran, "
                            "certificatul medical al leziunilor) și datele celor care au văzut. Dacă nu ai acte, "
                            "citește mai întâi pagina „Dacă nu ai acte”.</p>",
                        },
                        {
                            "title": "Spune că a fost din ură.",
                            "text": "<p>Explică de ce crezi că ai fost atacat din cauza originii, religiei, "
                            "orientării sexuale sau din alt motiv: ce s-a spus, simboluri, contextul. Cere să fie "
                            "trecut în plângere.</p>",
                        },
                        {
                            "title": "Verifică și cere-ți copia.",
                            "text": "<p>Citește plângerea înainte să o semnezi. Ai dreptul la o copie.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Drepturile tale ca victimă",
                    "text": "<p>Statutul victimei infracțiunii (Estatuto de la víctima del delito, Legea "
                    "4/2015) se aplică tuturor victimelor, indiferent de cetățenie și indiferent dacă au sau nu "
                    "drept de ședere legală. Ai dreptul să înțelegi și să fii înțeles, cu interpret gratuit dacă "
                    "nu vorbești spaniola; să fii însoțit de o persoană aleasă de tine; la o copie a plângerii; "
                    "și la informații despre asistența pentru victime.</p>",
                },
            ),
            (
                "contacts",
                {
                    "heading": "Telefoane și servicii",
                    "contacts": [
                        {
                            "name": "Urgențe",
                            "phone": "112",
                            "note": "Gratuit, 24 de ore din 24.",
                            "website": "",
                        },
                        {
                            "name": "Poliția Națională (Policía Nacional)",
                            "phone": "091",
                            "note": "",
                            "website": "",
                        },
                        {
                            "name": "Poliția Locală (Policia Local de València)",
                            "phone": "092",
                            "note": "",
                            "website": "",
                        },
                        {"name": "Garda Civilă (Guardia Civil)", "phone": "062", "note": "", "website": ""},
                        {
                            "name": "Violența de gen",
                            "phone": "016",
                            "note": "Gratuit, 24 de ore din 24. Nu apare pe factură, dar șterge-l din istoricul "
                            "apelurilor.",
                            "website": "",
                        },
                        {
                            "name": "Parchetul Provincial Valencia (Fiscalía Provincial de Valencia): procurori pentru infracțiunile motivate de ură și discriminare",
                            "phone": "",
                            "note": "În Ciudad de la Justicia din València. Verifică adresa și programul pe site-ul "
                            "oficial al Ministerului Public (Ministerio Fiscal).",
                            "website": "https://www.fiscal.es/",
                        },
                        {
                            "name": "Biroul de Asistență pentru Victimele Infracțiunilor din València (Oficina de Asistencia a las Víctimas del Delito)",
                            "phone": "",
                            "note": "Serviciu gratuit al Generalitat Valenciana (guvernul regional): informații, "
                            "sprijin psihologic și însoțire. Vezi cum îl poți contacta pe site-ul oficial al "
                            "Generalitat.",
                            "website": "",
                        },
                    ],
                },
            ),
        ],
    },
    "undocumented": {
        "title": "Dacă nu ai acte",
        "summary": "Ce se știe și ce nu despre raportare și plângere dacă ești în situație neregulamentară.",
        "body": [
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Raportul către observator nu îți afectează situația",
                    "text": "<p>Observatorul nu îți cere acte și nici numele, nu păstrează adresa ta IP și nu "
                    "comunică nimic poliției sau serviciului de imigrări (extranjería). Raportul tău nu îți "
                    "afectează situația de ședere.</p>",
                },
            ),
            (
                "text",
                "<p>Ai drepturi chiar dacă nu ai acte. Legea 15/2022 privind egalitatea de tratament protejează "
                "toate persoanele, fie că au sau nu drept de ședere legală, iar Statutul victimei infracțiunii se "
                "aplică, de asemenea, tuturor victimelor.</p>",
            ),
            ("heading", "Dacă mergi la poliție: ce spune legea"),
            (
                "text",
                "<ul><li><strong>Violența de gen:</strong> dacă ești o femeie străină victimă a violenței de gen, "
                "plângerea nu deschide o procedură de expulzare pentru ședere ilegală, iar cea care exista deja "
                "se suspendă (articolul 31 bis din Legea organică 4/2000 privind străinii, Ley Orgánica 4/2000 de "
                "extranjería). Poți cere o autorizație de ședere și muncă pentru circumstanțe excepționale.</li>"
                "<li><strong>Traficul de persoane:</strong> articolul 59 bis din aceeași lege prevede o perioadă "
                "de recuperare și reflecție în care nu poți fi expulzat.</li>"
                "<li><strong>Rețele organizate:</strong> dacă ești victimă sau martor al exploatării prin muncă "
                "sau sexuale ori al traficului de persoane și îi denunți pe autori, articolul 59 permite să fii "
                "scutit de sancțiunea pentru ședere ilegală.</li></ul>",
            ),
            ("heading", "Ce nu este garantat"),
            (
                "text",
                "<p>Pentru celelalte infracțiuni, inclusiv cele motivate de ură, legea privind străinii nu oferă "
                "o protecție la fel: nu îți putem promite că, atunci când depui plângere, poliția nu îți va "
                "verifica situația. De aceea îți recomandăm să vorbești mai întâi cu o organizație de sprijin. "
                "Aceasta îți poate analiza cazul, te poate însoți sau te poate ajuta să depui plângerea în scris "
                "la parchet sau la instanță.</p>"
                "<p>Primăria trebuie să înscrie în registrul populației (padrón municipal) toate persoanele care "
                "locuiesc în oraș, fie că au acte sau nu, iar înscrierea îți dovedește domiciliul în fața "
                "serviciilor publice. Dacă ți se refuză înscrierea (empadronamiento), spune-ne.</p>",
            ),
        ],
    },
    "directory": {
        "title": "Organizații de sprijin",
        "summary": "Asociații și servicii din València care ajută victimele discriminării și ale urii.",
        "intro": "<p>Caută după tipul de ajutor, motivul discriminării, limbă sau district și ordonează lista după "
        "apropierea de un cartier ales de tine. Nu folosim locația ta.</p>"
        "<p><strong>Date demonstrative:</strong> organizațiile există, dar limbile, serviciile și poziția lor "
        "pe hartă sunt doar cu titlu de exemplu. Verifică întotdeauna adresa, programul și telefonul pe site-ul "
        "lor oficial.</p>",
    },
    "privacy": {
        "title": "Informare privind confidențialitatea",
        "summary": "Ce păstrăm când raportezi, cine poate citi și cât timp.",
        "body": [
            (
                "text",
                "<p>Acest site este făcut ca să poți raporta fără să lași urme. Iată ce păstrăm, pe înțelesul "
                "tuturor.</p>",
            ),
            ("heading", "Ce nu păstrăm"),
            (
                "text",
                "<ul><li>Nici adresa ta IP, nici datele browserului tău: nu sunt notate în niciun registru.</li>"
                "<li>Nici cookie-uri de urmărire sau de publicitate: doar cele tehnice, strict necesare ca să "
                "trimiți formularul și să deschizi căsuța de mesaje. Site-ul nu încarcă nimic de pe alte "
                "site-uri.</li>"
                "<li>Nici numele tău, decât dacă decizi să ni-l dai.</li></ul>",
            ),
            ("heading", "Ce păstrăm"),
            (
                "text",
                "<ul><li>Raportul tău (ce povestești, data și locul exacte, datele de contact dacă le dai, "
                "fișierele pe care le atașezi) și mesajele din căsuță sunt păstrate criptat. Le pot deschide doar "
                "Biroul pentru Nediscriminare, programul de clasificare de pe serverul nostru, organizația la "
                "care este trimis cazul tău și tu, cu codul tău de confirmare.</li>"
                "<li>Necriptat păstrăm doar ce este necesar pentru organizarea muncii și pentru statistici: luna "
                "incidentului, cartierul și districtul, dacă ești victimă sau martor, limba, stadiul cazului, "
                "urgența lui și ora sosirii, rotunjită.</li>"
                "<li>Codul tău de confirmare nu este păstrat, ci doar o amprentă care permite recunoașterea lui. "
                "Dacă îl pierzi, nimeni nu îl poate recupera.</li></ul>",
            ),
            ("heading", "Cât timp"),
            (
                "text",
                "<p>În această demonstrație, un caz închis se păstrează cinci ani de la închidere, iar un raport "
                "care nu a devenit caz, un an. După aceea este distrus astfel încât nimeni să nu îl mai poată "
                "citi. Poți cere din căsuța ta de mesaje să fie șters mai devreme. Statisticile publicate nu "
                "conțin nicio informație care să te identifice.</p>",
            ),
            ("heading", "Drepturile tale"),
            (
                "text",
                "<p>Regulamentul general privind protecția datelor (RGPD) îți permite să ceri accesul la datele "
                "tale, rectificarea sau ștergerea lor și să depui o plângere la Agenția Spaniolă pentru Protecția "
                "Datelor (Agencia Española de Protección de Datos). Pentru că raportul tău este anonim, faci "
                "acest lucru din căsuța de mesaje, cu codul tău de confirmare. Operatorul datelor este cel care "
                "administrează observatorul (vezi nota juridică).</p>",
            ),
        ],
    },
    "legal": {
        "title": "Notă juridică",
        "summary": "Cine administrează acest site și în ce condiții este publicat.",
        "body": [
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Aceasta este o demonstrație",
                    "text": "<p>Acest site este o demonstrație a programului Observatory. Textele au fost scrise "
                    "cu grijă, dar nu sunt consiliere juridică, iar datele din lista de organizații sunt doar cu "
                    "titlu de exemplu: verifică întotdeauna informațiile pe site-urile oficiale.</p>",
                },
            ),
            (
                "text",
                "<p>Orașul care publică acest site trebuie să își indice aici numele, adresa, codul fiscal (NIF) și "
                "o modalitate de contact, așa cum cere Legea 34/2002 privind serviciile societății informaționale, "
                "precum și responsabilul cu protecția datelor.</p>"
                "<p>Textele paginilor informative pot fi refolosite cu citarea sursei. Fiecare descărcare de date "
                "deschise își indică licența.</p>"
                "<p>Site-ul nu folosește cookie-uri de urmărire și nu încarcă conținut de la terți. Programul este "
                "software liber.</p>",
            ),
        ],
    },
}

ORGANISATIONS = {
    "cruz_roja": {
        "name": "Crucea Roșie în València (Cruz Roja)",
        "summary": "Primire și intervenție socială pentru persoane migrante, refugiate și în situație vulnerabilă.",
        "opening_hours": "Verifică programul pe site-ul oficial.",
        "address": "València. Verifică adresa pe site-ul oficial.",
        "accessibility": "",
    },
    "cear": {
        "name": "CEAR, Comisia Spaniolă de Ajutor pentru Refugiați (Comisión Española de Ayuda al Refugiado, País Valencià)",
        "summary": "Consiliere juridică, sprijin psihologic și găzduire pentru persoane refugiate și migrante.",
        "opening_hours": "Verifică programul pe site-ul oficial.",
        "address": "València. Verifică adresa pe site-ul oficial.",
        "accessibility": "",
    },
    "accem": {
        "name": "Accem în València",
        "summary": "Primire și orientare juridică, socială și profesională pentru persoane refugiate și migrante.",
        "opening_hours": "Verifică programul pe site-ul oficial.",
        "address": "València. Verifică adresa pe site-ul oficial.",
        "accessibility": "",
    },
    "valencia_acoge": {
        "name": "Valencia Acoge",
        "summary": "Asociație de sprijin pentru persoanele migrante: orientare juridică, locuri de muncă și acțiune "
        "împotriva rasismului.",
        "opening_hours": "Verifică programul pe site-ul oficial.",
        "address": "València. Verifică adresa pe site-ul oficial.",
        "accessibility": "",
    },
    "fsg": {
        "name": "Fundația Secretariatul Romilor în València (Fundación Secretariado Gitano)",
        "summary": "Sprijin pentru comunitatea romă, locuri de muncă și asistență pentru victimele discriminării "
        "împotriva romilor.",
        "opening_hours": "Verifică programul pe site-ul oficial.",
        "address": "València. Verifică adresa pe site-ul oficial.",
        "accessibility": "",
    },
    "lambda": {
        "name": "Lambda, asociația LGBTI din València",
        "summary": "Sprijin pentru persoanele LGBTI: consiliere juridică, sprijin psihologic și însoțire în caz de "
        "agresiune.",
        "opening_hours": "Verifică programul pe site-ul oficial.",
        "address": "València. Verifică adresa pe site-ul oficial.",
        "accessibility": "",
    },
    "mci": {
        "name": "Mișcarea împotriva Intoleranței în València (Movimiento contra la Intolerancia)",
        "summary": "Sprijin și însoțire pentru victimele infracțiunilor motivate de ură și ale discriminării.",
        "opening_hours": "Verifică programul pe site-ul oficial.",
        "address": "València. Verifică adresa pe site-ul oficial.",
        "accessibility": "",
    },
    "oavd": {
        "name": "Biroul de Asistență pentru Victimele Infracțiunilor din València (Oficina de Asistencia a las Víctimas del Delito)",
        "summary": "Serviciu public și gratuit al Generalitat Valenciana: informații, sprijin psihologic și "
        "însoțire pe tot parcursul procedurii.",
        "opening_hours": "Verifică programul pe site-ul oficial al Generalitat.",
        "address": "Ciudad de la Justicia din València (Palatul de Justiție).",
        "accessibility": "",
    },
}
