# ruff: noqa: E501 (prose: one sentence per string reads better than wrapped at 110)
"""Castellano: the source texts of the demo site (see cms/demo_content/__init__.py)."""

HOME = {
    "title": "Observatorio contra la discriminación y los delitos de odio",
    "intro": "<p>Si has sufrido o presenciado discriminación o un incidente de odio en la ciudad, puedes "
    "contárnoslo de forma anónima. No necesitas cuenta y no guardamos tu dirección IP.</p>",
    "report_call": "Cuéntanos qué pasó: es anónimo y está cifrado.",
}

REPORT = {
    "title": "Informar de un incidente",
    "intro": "<p>Si has sufrido o has visto discriminación o un incidente de odio en la ciudad, cuéntanoslo. "
    "Es anónimo: no necesitas cuenta, no pedimos tu nombre y no guardamos tu dirección IP. Tu informe se "
    "cifra y solo lo leen la Oficina de No Discriminación y las organizaciones que te ayuden.</p>",
    "help_text": "<p>Si estás en peligro ahora mismo, llama al <strong>112</strong>.</p>"
    "<p>Al final recibirás un justificante. Con él podrás volver a tu buzón para leer las respuestas, "
    "contestar y añadir información. Apúntalo bien: no podemos recuperarlo.</p>"
    "<p>Puedes escribir en el idioma que prefieras.</p>",
}

PAGES = {
    "what_happens": {
        "title": "¿Qué pasa con mi informe?",
        "summary": "Quién lo lee, cuándo te responden y qué puede hacer la oficina por ti.",
        "body": [
            (
                "text",
                "<p>Tu informe se guarda cifrado. Solo lo pueden leer las personas de la Oficina de No "
                "Discriminación del Ayuntamiento y, si la oficina te deriva a ella, la organización de apoyo "
                "que lleve tu caso. Nadie más: ni el resto del Ayuntamiento, ni la policía, ni quienes "
                "mantienen el servidor.</p>"
                "<p>Un programa que funciona en nuestro propio servidor lee el texto para proponer una "
                "clasificación y detectar urgencias. No envía nada fuera, y una persona de la oficina revisa "
                "siempre lo que propone.</p>",
            ),
            (
                "steps",
                {
                    "heading": "Lo que pasa después",
                    "steps": [
                        {
                            "title": "Recibes un justificante.",
                            "text": "<p>Guárdalo: con él entras en tu buzón. Si lo pierdes no podemos "
                            "recuperarlo, porque no sabemos quién eres.</p>",
                        },
                        {
                            "title": "La oficina lee tu informe.",
                            "text": "<p>Una persona de la oficina lo lee y te responde en tu buzón en un plazo "
                            "máximo de 7 días.</p>",
                        },
                        {
                            "title": "Habláis por el buzón.",
                            "text": "<p>Te pueden hacer preguntas, explicarte tus opciones y proponerte una "
                            "organización que te acompañe. Tú decides qué quieres hacer.</p>",
                        },
                        {
                            "title": "El caso se cierra.",
                            "text": "<p>La oficina te lo indica en el buzón. Tu caso se cuenta en las "
                            "estadísticas públicas del observatorio, sin ningún dato que te identifique.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "La policía no recibe nada sin tu permiso",
                    "text": "<p>Informar al observatorio no es poner una denuncia. La oficina no pasa tu "
                    "informe ni tus datos a la policía, a la fiscalía ni a extranjería sin tu consentimiento. "
                    "Si quieres denunciar, te explicamos cómo hacerlo y quién puede acompañarte.</p>",
                },
            ),
            ("heading", "Lo que la oficina puede hacer"),
            (
                "text",
                "<ul><li>Escucharte y explicarte tus derechos.</li>"
                "<li>Derivarte a una organización de apoyo: asesoría jurídica, apoyo psicológico, "
                "interpretación, vivienda.</li>"
                "<li>Ayudarte a preparar una reclamación o una denuncia, si decides presentarla.</li>"
                "<li>Hacer visible la discriminación en la ciudad: cada caso cuenta en las estadísticas.</li></ul>",
            ),
            ("heading", "Lo que la oficina no puede hacer"),
            (
                "text",
                "<ul><li>No es un juzgado ni la policía: no investiga delitos, no detiene a nadie y no pone "
                "multas.</li>"
                "<li>No puede garantizarte un resultado.</li>"
                "<li>No atiende emergencias: si estás en peligro, llama al 112.</li></ul>",
            ),
            (
                "faq",
                {
                    "heading": "Preguntas frecuentes",
                    "questions": [
                        {
                            "question": "¿Tengo que dar mi nombre?",
                            "answer": "<p>No. Puedes informar de forma anónima. Si quieres que te contacten "
                            "fuera del buzón, puedes dejar un teléfono o un correo: se guarda cifrado.</p>",
                        },
                        {
                            "question": "¿En qué idioma me responderán?",
                            "answer": "<p>Puedes escribir en el idioma que quieras. La oficina intentará "
                            "responderte en el idioma que elijas en el formulario.</p>",
                        },
                        {
                            "question": "¿Hay alguna excepción a la confidencialidad?",
                            "answer": "<p>Si tu informe muestra que alguien corre un peligro grave e inmediato "
                            "(por ejemplo, un niño o una niña), la oficina puede estar obligada a avisar a los "
                            "servicios de emergencia. Aun así, no sabe quién eres si no se lo has dicho.</p>",
                        },
                        {
                            "question": "¿Puedo borrar mi informe?",
                            "answer": "<p>Sí. Pídelo desde tu buzón: se borra a los 14 días, por si cambias "
                            "de opinión.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "equal_treatment": {
        "title": "Discriminación: tus derechos",
        "summary": "La Ley 15/2022 de igualdad de trato: qué te protege, dónde y a quién acudir.",
        "body": [
            (
                "text",
                "<p>La Ley 15/2022, de 12 de julio, integral para la igualdad de trato y la no "
                "discriminación, prohíbe tratar peor a una persona por razón de su nacimiento, origen racial "
                "o étnico, sexo, religión, convicción u opinión, edad, discapacidad, orientación o identidad "
                "sexual, expresión de género, enfermedad o condición de salud, estado serológico o "
                "predisposición genética a sufrir patologías, lengua, situación socioeconómica o cualquier "
                "otra condición o circunstancia personal o social.</p>"
                "<p>Protege a todas las personas, con independencia de su nacionalidad y de si tienen o no "
                "residencia legal. Se aplica, entre otros ámbitos, al empleo, la educación, la sanidad, los "
                "servicios sociales, la vivienda, los bienes y servicios abiertos al público (tiendas, bares, "
                "discotecas, bancos), la seguridad ciudadana, la justicia, los medios de comunicación e "
                "internet.</p>",
            ),
            ("heading", "Qué cuenta como discriminación"),
            (
                "text",
                "<ul><li><strong>Directa:</strong> te tratan peor por uno de esos motivos, como cuando no te "
                "alquilan un piso «porque no alquilamos a extranjeros».</li>"
                "<li><strong>Indirecta:</strong> una regla en apariencia neutra te perjudica en especial y "
                "no tiene una justificación objetiva.</li>"
                "<li><strong>Por asociación o por error:</strong> por tu relación con otra persona, o porque "
                "creen que tienes una característica que no tienes.</li>"
                "<li><strong>Acoso discriminatorio:</strong> conductas que atentan contra tu dignidad y crean "
                "un entorno intimidatorio, hostil o humillante.</li>"
                "<li><strong>Represalias:</strong> también está prohibido tratarte peor por haber reclamado o "
                "denunciado.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "No tienes que probarlo todo tú",
                    "text": "<p>Si aportas indicios fundados de discriminación, es la otra parte quien debe "
                    "probar que actuó con una justificación objetiva y razonable (artículo 30 de la ley). Esta "
                    "regla no se aplica en los juicios penales.</p>",
                },
            ),
            (
                "steps",
                {
                    "heading": "Qué puedes hacer",
                    "steps": [
                        {
                            "title": "Guarda pruebas.",
                            "text": "<p>Anuncios, mensajes, correos, fotos, la fecha, el lugar y el nombre de "
                            "quien lo vio.</p>",
                        },
                        {
                            "title": "Pide la hoja de reclamaciones.",
                            "text": "<p>Si ocurrió en una tienda, un bar u otro establecimiento, tienes derecho "
                            "a que te la den.</p>",
                        },
                        {
                            "title": "Cuéntanoslo.",
                            "text": "<p>La oficina te orienta y puede derivarte a una organización que te "
                            "asesore.</p>",
                        },
                        {
                            "title": "Acude a la Autoridad o a los tribunales.",
                            "text": "<p>La ley crea la Autoridad Independiente para la Igualdad de Trato y la No "
                            "Discriminación, que tiene entre sus funciones asistir a las víctimas; consulta su "
                            "web oficial para saber cómo contactar. También puedes reclamar ante los tribunales "
                            "la reparación del daño sufrido (artículo 27).</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "hate_crime": {
        "title": "Delitos de odio",
        "summary": "Cuándo una agresión, una amenaza o un mensaje de odio es delito, según el Código Penal.",
        "body": [
            (
                "text",
                "<p>Un delito de odio es un delito (una agresión, una amenaza, unos daños) cometido por "
                "prejuicio contra lo que la víctima es o se cree que es: su origen, su religión, su "
                "orientación sexual, su identidad de género, su discapacidad… También es delito incitar "
                "públicamente al odio o a la violencia contra un grupo.</p>",
            ),
            ("heading", "Artículo 22.4: el odio agrava el delito"),
            (
                "text",
                "<p>El Código Penal castiga con más dureza cualquier delito cometido por motivos racistas, "
                "antisemitas, antigitanos u otra clase de discriminación referente a la ideología, religión "
                "o creencias de la víctima, la etnia, raza o nación a la que pertenezca, su sexo, edad, "
                "orientación o identidad sexual o de género, razones de género, de aporofobia o de exclusión "
                "social, la enfermedad que padezca o su discapacidad, aunque la víctima no tenga de verdad "
                "esa condición.</p>",
            ),
            ("heading", "Artículo 510: incitación al odio"),
            (
                "text",
                "<ul><li>Fomentar, promover o incitar públicamente al odio, la hostilidad, la discriminación o "
                "la violencia contra un grupo o una persona por esos motivos se castiga con prisión de uno a "
                "cuatro años y multa.</li>"
                "<li>Humillar o menospreciar públicamente a un grupo o a una persona por esos motivos, o "
                "enaltecer los delitos cometidos contra ellos, se castiga con prisión de seis meses a dos "
                "años y multa.</li>"
                "<li>Si se hace por internet, por redes sociales o en medios de comunicación, la pena es "
                "mayor.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Si acaba de pasar",
                    "text": "<p>Si estás en peligro o quien te agredió sigue cerca, llama al 112. Si tienes "
                    "heridas, ve a un centro de salud o a urgencias y pide el parte de lesiones: es una prueba "
                    "importante.</p>",
                },
            ),
            (
                "faq",
                {
                    "heading": "Preguntas frecuentes",
                    "questions": [
                        {
                            "question": "¿Un insulto por la calle es delito?",
                            "answer": "<p>Depende de su gravedad y del contexto. Aunque no lo sea, puede ser "
                            "acoso discriminatorio según la Ley 15/2022. Cuéntanoslo igualmente: cada caso "
                            "ayuda a ver lo que pasa en la ciudad.</p>",
                        },
                        {
                            "question": "¿Y los mensajes de odio en internet?",
                            "answer": "<p>Haz capturas de pantalla con la fecha y la dirección de la "
                            "publicación antes de que la borren. Puedes denunciarlos en la propia red social y "
                            "también ante la policía.</p>",
                        },
                        {
                            "question": "¿Hay fiscales especializados?",
                            "answer": "<p>Sí. Cada fiscalía provincial tiene fiscales de delitos de odio y "
                            "discriminación; en Valencia, en la Fiscalía Provincial de Valencia. Puedes "
                            "presentarles una denuncia por escrito.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "police": {
        "title": "Denunciar ante la policía o la fiscalía",
        "summary": "Cómo poner una denuncia, qué derechos tienes y quién puede acompañarte.",
        "body": [
            (
                "text",
                "<p>Denunciar es decisión tuya. Informar al observatorio no sustituye a una denuncia, pero "
                "te puede ayudar a prepararla.</p>",
            ),
            (
                "steps",
                {
                    "heading": "Cómo poner una denuncia",
                    "steps": [
                        {
                            "title": "Elige dónde.",
                            "text": "<p>En una comisaría de la Policía Nacional, en la Guardia Civil, en el "
                            "juzgado de guardia o por escrito ante la Fiscalía Provincial de Valencia. La "
                            "Policia Local de València atiende en el 092 y te indica dónde presentarla.</p>",
                        },
                        {
                            "title": "Lleva lo que tengas.",
                            "text": "<p>Tu documentación si la tienes, las pruebas (fotos, capturas, el parte de "
                            "lesiones) y los datos de quien lo vio. Si no tienes papeles, lee antes la página "
                            "«Si no tienes papeles».</p>",
                        },
                        {
                            "title": "Di que fue por odio.",
                            "text": "<p>Explica por qué crees que te atacaron por tu origen, tu religión, tu "
                            "orientación sexual u otro motivo: lo que dijeron, símbolos, el contexto. Pide que "
                            "conste en la denuncia.</p>",
                        },
                        {
                            "title": "Revisa y pide tu copia.",
                            "text": "<p>Lee la denuncia antes de firmarla. Tienes derecho a una copia.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Tus derechos como víctima",
                    "text": "<p>El Estatuto de la víctima del delito (Ley 4/2015) se aplica a todas las "
                    "víctimas, sea cual sea su nacionalidad y tengan o no residencia legal. Tienes derecho a "
                    "entender y a que te entiendan, con intérprete gratuito si no hablas castellano; a ir "
                    "acompañada de una persona de tu elección; a una copia de tu denuncia; y a información "
                    "sobre la asistencia a las víctimas.</p>",
                },
            ),
            (
                "contacts",
                {
                    "heading": "Teléfonos y servicios",
                    "contacts": [
                        {
                            "name": "Emergencias",
                            "phone": "112",
                            "note": "Gratuito, las 24 horas.",
                            "website": "",
                        },
                        {"name": "Policía Nacional", "phone": "091", "note": "", "website": ""},
                        {"name": "Policia Local de València", "phone": "092", "note": "", "website": ""},
                        {"name": "Guardia Civil", "phone": "062", "note": "", "website": ""},
                        {
                            "name": "Violencia de género",
                            "phone": "016",
                            "note": "Gratuito, las 24 horas. No aparece en la factura, pero bórralo del "
                            "historial de llamadas.",
                            "website": "",
                        },
                        {
                            "name": "Fiscalía Provincial de Valencia: fiscales de delitos de odio y discriminación",
                            "phone": "",
                            "note": "En la Ciudad de la Justicia de València. Consulta la dirección y el "
                            "horario en la web oficial del Ministerio Fiscal.",
                            "website": "https://www.fiscal.es/",
                        },
                        {
                            "name": "Oficina de Asistencia a las Víctimas del Delito de València",
                            "phone": "",
                            "note": "Servicio gratuito de la Generalitat Valenciana: información, apoyo "
                            "psicológico y acompañamiento. Consulta cómo contactar en la web oficial de la "
                            "Generalitat.",
                            "website": "",
                        },
                    ],
                },
            ),
        ],
    },
    "undocumented": {
        "title": "Si no tienes papeles",
        "summary": "Qué se sabe y qué no sobre informar y denunciar si estás en situación irregular.",
        "body": [
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Informar al observatorio no afecta a tu situación",
                    "text": "<p>El observatorio no te pide documentación ni tu nombre, no guarda tu dirección "
                    "IP y no comunica nada a la policía ni a extranjería. Tu informe no afecta a tu situación "
                    "de residencia.</p>",
                },
            ),
            (
                "text",
                "<p>Tienes derechos aunque no tengas papeles. La Ley 15/2022 de igualdad de trato protege "
                "a todas las personas, tengan o no residencia legal, y el Estatuto de la víctima del delito "
                "se aplica también a todas las víctimas.</p>",
            ),
            ("heading", "Si vas a la policía: lo que dice la ley"),
            (
                "text",
                "<ul><li><strong>Violencia de género:</strong> si eres una mujer extranjera víctima de "
                "violencia de género, denunciar no abre un expediente de expulsión por estancia irregular, y "
                "el que ya existiera se suspende (artículo 31 bis de la Ley Orgánica 4/2000, de extranjería). "
                "Puedes pedir una autorización de residencia y trabajo por circunstancias excepcionales.</li>"
                "<li><strong>Trata de seres humanos:</strong> el artículo 59 bis de esa ley prevé un periodo "
                "de restablecimiento y reflexión durante el cual no se te puede expulsar.</li>"
                "<li><strong>Redes organizadas:</strong> si eres víctima o testigo de explotación laboral o "
                "sexual o de tráfico de personas y denuncias a los autores, el artículo 59 permite eximirte "
                "de la sanción por estancia irregular.</li></ul>",
            ),
            ("heading", "Lo que no está garantizado"),
            (
                "text",
                "<p>Para los demás delitos, incluidos los delitos de odio, la ley de extranjería no tiene una "
                "protección igual: no podemos prometerte que, al denunciar, la policía no compruebe tu "
                "situación. Por eso te recomendamos hablar antes con una organización de apoyo. Puede "
                "estudiar tu caso, acompañarte o ayudarte a presentar la denuncia por escrito ante la "
                "fiscalía o el juzgado.</p>"
                "<p>El padrón municipal debe inscribir a todas las personas que viven en la ciudad, tengan o "
                "no papeles, y sirve para acreditar tu residencia ante los servicios públicos. Si te niegan "
                "el empadronamiento, cuéntanoslo.</p>",
            ),
        ],
    },
    "directory": {
        "title": "Organizaciones de apoyo",
        "summary": "Asociaciones y servicios de València que ayudan a las víctimas de discriminación y de odio.",
        "intro": "<p>Busca por tipo de ayuda, motivo de discriminación, idioma o distrito, y ordena la lista por "
        "cercanía a un barrio que elijas. No usamos tu ubicación.</p>"
        "<p><strong>Datos de demostración:</strong> las organizaciones existen, pero sus idiomas, servicios y "
        "ubicación en el mapa son ilustrativos. Comprueba siempre la dirección, el horario y el teléfono en "
        "su web oficial.</p>",
    },
    "privacy": {
        "title": "Aviso de privacidad",
        "summary": "Qué guardamos cuando informas, quién puede leerlo y durante cuánto tiempo.",
        "body": [
            (
                "text",
                "<p>Este sitio está hecho para que puedas informar sin dejar rastro. Esto es lo que guardamos, "
                "en palabras sencillas.</p>",
            ),
            ("heading", "Lo que no guardamos"),
            (
                "text",
                "<ul><li>Ni tu dirección IP ni los datos de tu navegador: no se anotan en ningún registro.</li>"
                "<li>Ni cookies de seguimiento o de publicidad: solo las técnicas imprescindibles para enviar "
                "el formulario y abrir el buzón. La web no carga nada de otros sitios.</li>"
                "<li>Ni tu nombre, salvo que decidas darlo.</li></ul>",
            ),
            ("heading", "Lo que guardamos"),
            (
                "text",
                "<ul><li>Tu informe (lo que cuentas, la fecha y el lugar exactos, tu contacto si lo das, los "
                "archivos que adjuntes) y los mensajes del buzón se guardan cifrados. Solo pueden abrirlos la "
                "Oficina de No Discriminación, el programa de clasificación de nuestro servidor, la "
                "organización a la que se derive tu caso y tú, con tu justificante.</li>"
                "<li>Sin cifrar guardamos solo lo necesario para organizar el trabajo y hacer estadísticas: "
                "el mes del incidente, el barrio y el distrito, si eres víctima o testigo, el idioma, el "
                "estado del caso, su urgencia y la hora de llegada redondeada.</li>"
                "<li>Tu justificante no se guarda, solo una huella que permite reconocerlo. Si lo pierdes, "
                "nadie puede recuperarlo.</li></ul>",
            ),
            ("heading", "Durante cuánto tiempo"),
            (
                "text",
                "<p>En esta demostración, un caso cerrado se guarda cinco años desde su cierre, y un informe "
                "que no llegó a ser caso, un año. Después se destruye de modo que nadie pueda volver a leerlo. "
                "Puedes pedir desde tu buzón que se borre antes. Las estadísticas publicadas no contienen "
                "ningún dato que te identifique.</p>",
            ),
            ("heading", "Tus derechos"),
            (
                "text",
                "<p>El Reglamento General de Protección de Datos te permite pedir el acceso a tus datos, su "
                "rectificación o su supresión, y reclamar ante la Agencia Española de Protección de Datos. "
                "Como tu informe es anónimo, lo haces desde tu buzón, con tu justificante. El responsable del "
                "tratamiento es quien gestiona el observatorio (consulta el aviso legal).</p>",
            ),
        ],
    },
    "legal": {
        "title": "Aviso legal",
        "summary": "Quién gestiona este sitio y en qué condiciones se publica.",
        "body": [
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Esto es una demostración",
                    "text": "<p>Este sitio es una demostración del programa Observatory. Los textos se han "
                    "escrito con cuidado, pero no son asesoramiento jurídico, y los datos del directorio son "
                    "ilustrativos: comprueba siempre la información en las webs oficiales.</p>",
                },
            ),
            (
                "text",
                "<p>La ciudad que publique este sitio debe indicar aquí su nombre, su dirección, su NIF y una "
                "forma de contacto, como exige la Ley 34/2002 de servicios de la sociedad de la información, "
                "así como el responsable de la protección de datos.</p>"
                "<p>Los textos de las páginas informativas pueden reutilizarse citando la fuente. Cada "
                "descarga de datos abiertos indica su licencia.</p>"
                "<p>El sitio no usa cookies de seguimiento ni carga contenido de terceros. El programa es "
                "software libre.</p>",
            ),
        ],
    },
}

ORGANISATIONS = {
    "cruz_roja": {
        "name": "Cruz Roja en València",
        "summary": "Acogida e intervención social con personas migrantes, refugiadas y en situación vulnerable.",
        "opening_hours": "Consulta el horario en su web oficial.",
        "address": "València. Consulta la dirección en su web oficial.",
        "accessibility": "",
    },
    "cear": {
        "name": "CEAR, Comisión Española de Ayuda al Refugiado (País Valencià)",
        "summary": "Asesoría jurídica, apoyo psicológico y acogida para personas refugiadas y migrantes.",
        "opening_hours": "Consulta el horario en su web oficial.",
        "address": "València. Consulta la dirección en su web oficial.",
        "accessibility": "",
    },
    "accem": {
        "name": "Accem en València",
        "summary": "Acogida y orientación jurídica, social y laboral para personas refugiadas y migrantes.",
        "opening_hours": "Consulta el horario en su web oficial.",
        "address": "València. Consulta la dirección en su web oficial.",
        "accessibility": "",
    },
    "valencia_acoge": {
        "name": "Valencia Acoge",
        "summary": "Asociación de apoyo a personas migrantes: orientación jurídica, empleo y acción contra el "
        "racismo.",
        "opening_hours": "Consulta el horario en su web oficial.",
        "address": "València. Consulta la dirección en su web oficial.",
        "accessibility": "",
    },
    "fsg": {
        "name": "Fundación Secretariado Gitano en València",
        "summary": "Promoción de la comunidad gitana, empleo y asistencia a víctimas de antigitanismo.",
        "opening_hours": "Consulta el horario en su web oficial.",
        "address": "València. Consulta la dirección en su web oficial.",
        "accessibility": "",
    },
    "lambda": {
        "name": "Lambda, colectivo LGTBI de València",
        "summary": "Atención a personas LGTBI: asesoría jurídica, apoyo psicológico y acompañamiento ante "
        "agresiones.",
        "opening_hours": "Consulta el horario en su web oficial.",
        "address": "València. Consulta la dirección en su web oficial.",
        "accessibility": "",
    },
    "mci": {
        "name": "Movimiento contra la Intolerancia en València",
        "summary": "Atención y acompañamiento a víctimas de delitos de odio y de discriminación.",
        "opening_hours": "Consulta el horario en su web oficial.",
        "address": "València. Consulta la dirección en su web oficial.",
        "accessibility": "",
    },
    "oavd": {
        "name": "Oficina de Asistencia a las Víctimas del Delito de València",
        "summary": "Servicio público y gratuito de la Generalitat Valenciana: información, apoyo psicológico y "
        "acompañamiento durante el proceso.",
        "opening_hours": "Consulta el horario en la web oficial de la Generalitat.",
        "address": "Ciudad de la Justicia de València.",
        "accessibility": "",
    },
}
