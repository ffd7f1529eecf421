# ruff: noqa: E501 (prose: one sentence per string reads better than wrapped at 110)
"""Français: the demo site's texts, translated from es.py (see cms/demo_content/__init__.py)."""

HOME = {
    "title": "Observatoire contre les discriminations et les crimes de haine",
    "intro": "<p>Si vous avez subi ou vu une discrimination ou un acte de haine dans la ville, vous pouvez "
    "nous le raconter de façon anonyme. Vous n'avez pas besoin de compte et nous ne gardons pas votre adresse IP.</p>",
    "report_call": "Racontez-nous ce qui s'est passé : c'est anonyme et chiffré.",
}

REPORT = {
    "title": "Signaler un incident",
    "intro": "<p>Si vous avez subi ou vu une discrimination ou un acte de haine dans la ville, dites-le-nous. "
    "C'est anonyme : pas besoin de compte, nous ne vous demandons pas votre nom et nous ne gardons pas votre "
    "adresse IP. Votre signalement est chiffré : seuls le Bureau de non-discrimination de la mairie (Oficina de "
    "No Discriminación) et les organisations qui vous aident peuvent le lire.</p>",
    "help_text": "<p>Si vous êtes en danger en ce moment, appelez le <strong>112</strong>.</p>"
    "<p>À la fin, vous recevrez un reçu. Grâce à lui, vous pourrez revenir dans votre messagerie pour lire les "
    "réponses, répondre et ajouter des informations. Notez-le bien : nous ne pouvons pas le retrouver.</p>"
    "<p>Vous pouvez écrire dans la langue de votre choix.</p>",
}

PAGES = {
    "what_happens": {
        "title": "Que devient mon signalement ?",
        "summary": "Qui le lit, quand vous recevez une réponse et ce que le bureau peut faire pour vous.",
        "body": [
            (
                "text",
                "<p>Votre signalement est conservé chiffré. Seules peuvent le lire les personnes du Bureau de "
                "non-discrimination de la mairie (Oficina de No Discriminación del Ayuntamiento) et, si le bureau "
                "vous oriente vers elle, l'organisation d'aide qui suit votre dossier. Personne d'autre : ni le "
                "reste de la mairie, ni la police, ni les personnes qui entretiennent le serveur.</p>"
                "<p>Un programme qui fonctionne sur notre propre serveur lit le texte pour proposer un classement "
                "et repérer les urgences. Il n'envoie rien à l'extérieur, et une personne du bureau vérifie "
                "toujours ce qu'il propose.</p>",
            ),
            (
                "steps",
                {
                    "heading": "Ce qui se passe ensuite",
                    "steps": [
                        {
                            "title": "Vous recevez un reçu.",
                            "text": "<p>Gardez-le : c'est avec lui que vous entrez dans votre messagerie. Si "
                            "vous le perdez, nous ne pouvons pas le retrouver, car nous ne savons pas qui vous "
                            "êtes.</p>",
                        },
                        {
                            "title": "Le bureau lit votre signalement.",
                            "text": "<p>Une personne du bureau le lit et vous répond dans votre messagerie dans "
                            "un délai de 7 jours au plus.</p>",
                        },
                        {
                            "title": "Vous échangez par la messagerie.",
                            "text": "<p>Le bureau peut vous poser des questions, vous expliquer vos possibilités "
                            "et vous proposer une organisation pour vous accompagner. C'est vous qui décidez de "
                            "ce que vous voulez faire.</p>",
                        },
                        {
                            "title": "Le dossier est clos.",
                            "text": "<p>Le bureau vous l'indique dans la messagerie. Votre cas est compté dans "
                            "les statistiques publiques de l'observatoire, sans aucune donnée qui permette de "
                            "vous identifier.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "La police ne reçoit rien sans votre accord",
                    "text": "<p>Faire un signalement à l'observatoire, ce n'est pas porter plainte. Le bureau ne "
                    "transmet ni votre signalement ni vos données à la police, au parquet ou aux services de "
                    "l'immigration (Extranjería) sans votre accord. Si vous voulez porter plainte, nous vous "
                    "expliquons comment faire et qui peut vous accompagner.</p>",
                },
            ),
            ("heading", "Ce que le bureau peut faire"),
            (
                "text",
                "<ul><li>Vous écouter et vous expliquer vos droits.</li>"
                "<li>Vous orienter vers une organisation d'aide : conseil juridique, soutien psychologique, "
                "interprétariat, logement.</li>"
                "<li>Vous aider à préparer une réclamation ou une plainte, si vous décidez de la déposer.</li>"
                "<li>Rendre visibles les discriminations dans la ville : chaque cas compte dans les "
                "statistiques.</li></ul>",
            ),
            ("heading", "Ce que le bureau ne peut pas faire"),
            (
                "text",
                "<ul><li>Ce n'est ni un tribunal ni la police : il n'enquête pas sur les infractions, n'arrête "
                "personne et ne donne pas d'amendes.</li>"
                "<li>Il ne peut pas vous garantir un résultat.</li>"
                "<li>Il ne répond pas aux urgences : si vous êtes en danger, appelez le 112.</li></ul>",
            ),
            (
                "faq",
                {
                    "heading": "Questions fréquentes",
                    "questions": [
                        {
                            "question": "Dois-je donner mon nom ?",
                            "answer": "<p>Non. Vous pouvez faire un signalement anonyme. Si vous voulez être "
                            "contacté en dehors de la messagerie, vous pouvez laisser un numéro de téléphone ou "
                            "une adresse e-mail : ils sont conservés chiffrés.</p>",
                        },
                        {
                            "question": "Dans quelle langue me répondra-t-on ?",
                            "answer": "<p>Vous pouvez écrire dans la langue que vous voulez. Le bureau essaiera "
                            "de vous répondre dans la langue que vous choisissez dans le formulaire.</p>",
                        },
                        {
                            "question": "Y a-t-il des exceptions à la confidentialité ?",
                            "answer": "<p>Si votre signalement montre que quelqu'un court un danger grave et "
                            "immédiat (par exemple un enfant), le bureau peut être obligé de prévenir les "
                            "services d'urgence. Même dans ce cas, il ne sait pas qui vous êtes si vous ne le "
                            "lui avez pas dit.</p>",
                        },
                        {
                            "question": "Puis-je supprimer mon signalement ?",
                            "answer": "<p>Oui. Demandez-le depuis votre messagerie : il est supprimé au bout de "
                            "14 jours, au cas où vous changeriez d'avis.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "equal_treatment": {
        "title": "Discrimination : vos droits",
        "summary": "La loi 15/2022 sur l'égalité de traitement : ce qui vous protège, où, et à qui vous adresser.",
        "body": [
            (
                "text",
                "<p>La loi espagnole 15/2022 du 12 juillet, intégrale pour l'égalité de traitement et la "
                "non-discrimination (Ley 15/2022 integral para la igualdad de trato y la no discriminación), "
                "interdit de traiter une personne moins bien en raison de sa naissance, de son origine raciale "
                "ou ethnique, de son sexe, de sa religion, de ses convictions ou opinions, de son âge, de son "
                "handicap, de son orientation ou identité sexuelle, de son expression de genre, d'une maladie "
                "ou de son état de santé, de son statut sérologique ou d'une prédisposition génétique à des "
                "maladies, de sa langue, de sa situation socio-économique ou de toute autre condition ou "
                "circonstance personnelle ou sociale.</p>"
                "<p>Elle protège toutes les personnes, quelle que soit leur nationalité et qu'elles aient ou non "
                "un titre de séjour. Elle s'applique notamment à l'emploi, à l'éducation, à la santé, aux "
                "services sociaux, au logement, aux biens et services ouverts au public (magasins, bars, boîtes "
                "de nuit, banques), à la sécurité publique, à la justice, aux médias et à internet.</p>",
            ),
            ("heading", "Ce qui est une discrimination"),
            (
                "text",
                "<ul><li><strong>Directe :</strong> on vous traite moins bien pour l'un de ces motifs, par "
                "exemple quand on refuse de vous louer un appartement « parce qu'on ne loue pas aux "
                "étrangers ».</li>"
                "<li><strong>Indirecte :</strong> une règle qui a l'air neutre vous désavantage "
                "particulièrement, sans justification objective.</li>"
                "<li><strong>Par association ou par erreur :</strong> à cause de votre lien avec une autre "
                "personne, ou parce qu'on croit que vous avez une caractéristique que vous n'avez pas.</li>"
                "<li><strong>Harcèlement discriminatoire :</strong> des comportements qui portent atteinte à "
                "votre dignité et créent un climat intimidant, hostile ou humiliant.</li>"
                "<li><strong>Représailles :</strong> il est aussi interdit de vous traiter moins bien parce "
                "que vous avez fait une réclamation ou porté plainte.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Vous n'avez pas à tout prouver vous-même",
                    "text": "<p>Si vous apportez des indices sérieux de discrimination, c'est à l'autre partie de "
                    "prouver qu'elle a agi avec une justification objective et raisonnable (article 30 de la "
                    "loi). Cette règle ne s'applique pas dans les procès pénaux.</p>",
                },
            ),
            (
                "steps",
                {
                    "heading": "Ce que vous pouvez faire",
                    "steps": [
                        {
                            "title": "Gardez des preuves.",
                            "text": "<p>Annonces, messages, e-mails, photos, la date, le lieu et le nom des "
                            "personnes qui ont vu ce qui s'est passé.</p>",
                        },
                        {
                            "title": "Demandez la feuille de réclamation.",
                            "text": "<p>Si cela s'est passé dans un magasin, un bar ou un autre établissement, "
                            "vous avez le droit qu'on vous donne la feuille de réclamation (hoja de "
                            "reclamaciones).</p>",
                        },
                        {
                            "title": "Racontez-le-nous.",
                            "text": "<p>Le bureau vous oriente et peut vous diriger vers une organisation qui "
                            "vous conseille.</p>",
                        },
                        {
                            "title": "Adressez-vous à l'Autorité ou aux tribunaux.",
                            "text": "<p>La loi crée l'Autorité indépendante pour l'égalité de traitement et la "
                            "non-discrimination (Autoridad Independiente para la Igualdad de Trato y la No "
                            "Discriminación), qui a notamment pour mission d'aider les victimes ; consultez son "
                            "site officiel pour savoir comment la contacter. Vous pouvez aussi demander devant "
                            "les tribunaux la réparation du préjudice subi (article 27).</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "hate_crime": {
        "title": "Crimes de haine",
        "summary": "Quand une agression, une menace ou un message de haine est une infraction, selon le Code pénal espagnol.",
        "body": [
            (
                "text",
                "<p>Un crime de haine est une infraction (une agression, une menace, des dégradations) commise "
                "par préjugé contre ce que la victime est, ou ce qu'on croit qu'elle est : son origine, sa "
                "religion, son orientation sexuelle, son identité de genre, son handicap… Inciter publiquement "
                "à la haine ou à la violence contre un groupe est aussi une infraction.</p>",
            ),
            ("heading", "Article 22.4 : la haine aggrave la peine"),
            (
                "text",
                "<p>Le Code pénal espagnol (Código Penal) punit plus sévèrement toute infraction commise pour "
                "des motifs racistes, antisémites, antigitans ou pour une autre forme de discrimination liée à "
                "l'idéologie, à la religion ou aux croyances de la victime, à l'ethnie, à la race ou à la "
                "nation à laquelle elle appartient, à son sexe, à son âge, à son orientation ou identité "
                "sexuelle ou de genre, pour des raisons de genre, d'aporophobie (rejet des pauvres) ou "
                "d'exclusion sociale, ou à cause d'une maladie ou d'un handicap, même si la victime n'a pas "
                "réellement cette caractéristique.</p>",
            ),
            ("heading", "Article 510 : l'incitation à la haine"),
            (
                "text",
                "<ul><li>Encourager, promouvoir ou inciter publiquement à la haine, à l'hostilité, à la "
                "discrimination ou à la violence contre un groupe ou une personne pour ces motifs est puni "
                "d'un à quatre ans de prison et d'une amende.</li>"
                "<li>Humilier ou mépriser publiquement un groupe ou une personne pour ces motifs, ou faire "
                "l'éloge des infractions commises contre eux, est puni de six mois à deux ans de prison et "
                "d'une amende.</li>"
                "<li>Si c'est fait sur internet, sur les réseaux sociaux ou dans les médias, la peine est plus "
                "lourde.</li></ul>",
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Si cela vient de se passer",
                    "text": "<p>Si vous êtes en danger ou si la personne qui vous a agressé est encore près de "
                    "vous, appelez le 112. Si vous êtes blessé, allez dans un centre de santé ou aux urgences "
                    "et demandez le certificat médical des blessures (parte de lesiones) : c'est une preuve "
                    "importante.</p>",
                },
            ),
            (
                "faq",
                {
                    "heading": "Questions fréquentes",
                    "questions": [
                        {
                            "question": "Une insulte dans la rue, est-ce une infraction ?",
                            "answer": "<p>Cela dépend de sa gravité et du contexte. Même si ce n'en est pas "
                            "une, cela peut être du harcèlement discriminatoire au sens de la loi 15/2022. "
                            "Racontez-le-nous quand même : chaque cas aide à voir ce qui se passe dans la "
                            "ville.</p>",
                        },
                        {
                            "question": "Et les messages de haine sur internet ?",
                            "answer": "<p>Faites des captures d'écran avec la date et l'adresse de la "
                            "publication avant qu'elle soit supprimée. Vous pouvez les signaler sur le réseau "
                            "social lui-même et aussi porter plainte auprès de la police.</p>",
                        },
                        {
                            "question": "Y a-t-il des procureurs spécialisés ?",
                            "answer": "<p>Oui. Chaque parquet provincial a des procureurs chargés des crimes de "
                            "haine et des discriminations ; à Valence, au parquet provincial de Valence "
                            "(Fiscalía Provincial de Valencia). Vous pouvez leur adresser une plainte par "
                            "écrit.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    "police": {
        "title": "Porter plainte auprès de la police ou du parquet",
        "summary": "Comment porter plainte, quels sont vos droits et qui peut vous accompagner.",
        "body": [
            (
                "text",
                "<p>Porter plainte, c'est votre décision. Un signalement à l'observatoire ne remplace pas une "
                "plainte, mais il peut vous aider à la préparer.</p>",
            ),
            (
                "steps",
                {
                    "heading": "Comment porter plainte",
                    "steps": [
                        {
                            "title": "Choisissez où.",
                            "text": "<p>Dans un commissariat de la Policía Nacional, auprès de la Guardia Civil, "
                            "au tribunal de permanence (juzgado de guardia) ou par écrit auprès du parquet "
                            "provincial de Valence (Fiscalía Provincial de Valencia). La Policia Local de "
                            "València répond au 092 et vous indique où la déposer.</p>",
                        },
                        {
                            "title": "Apportez ce que vous avez.",
                            "text": "<p>Vos papiers d'identité si vous en avez, les preuves (photos, captures "
                            "d'écran, le certificat médical des blessures) et les coordonnées des témoins. Si "
                            "vous n'avez pas de papiers, lisez d'abord la page « Si vous n'avez pas de "
                            "papiers ».</p>",
                        },
                        {
                            "title": "Dites que c'était un acte de haine.",
                            "text": "<p>Expliquez pourquoi vous pensez avoir été attaqué à cause de votre "
                            "origine, de votre religion, de votre orientation sexuelle ou pour un autre motif : "
                            "ce qui a été dit, des symboles, le contexte. Demandez que ce soit écrit dans la "
                            "plainte.</p>",
                        },
                        {
                            "title": "Relisez et demandez votre copie.",
                            "text": "<p>Lisez la plainte avant de la signer. Vous avez droit à une copie.</p>",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Vos droits en tant que victime",
                    "text": "<p>Le Statut de la victime (Estatuto de la víctima del delito, loi 4/2015) "
                    "s'applique à toutes les victimes, quelle que soit leur nationalité et qu'elles aient ou non "
                    "un titre de séjour. Vous avez le droit de comprendre et d'être compris, avec un interprète "
                    "gratuit si vous ne parlez pas espagnol ; d'être accompagné par la personne de votre choix ; "
                    "d'avoir une copie de votre plainte ; et d'être informé sur l'aide aux victimes.</p>",
                },
            ),
            (
                "contacts",
                {
                    "heading": "Numéros de téléphone et services",
                    "contacts": [
                        {
                            "name": "Urgences",
                            "phone": "112",
                            "note": "Gratuit, 24 heures sur 24.",
                            "website": "",
                        },
                        {"name": "Policía Nacional", "phone": "091", "note": "", "website": ""},
                        {"name": "Policia Local de València", "phone": "092", "note": "", "website": ""},
                        {"name": "Guardia Civil", "phone": "062", "note": "", "website": ""},
                        {
                            "name": "Violences faites aux femmes",
                            "phone": "016",
                            "note": "Gratuit, 24 heures sur 24. Le numéro n'apparaît pas sur la facture, mais "
                            "effacez-le de l'historique des appels.",
                            "website": "",
                        },
                        {
                            "name": "Parquet provincial de Valence (Fiscalía Provincial de Valencia) : procureurs chargés des crimes de haine et des discriminations",
                            "phone": "",
                            "note": "À la Cité de la justice (Ciudad de la Justicia) de Valence. Consultez "
                            "l'adresse et les horaires sur le site officiel du ministère public (Ministerio "
                            "Fiscal).",
                            "website": "https://www.fiscal.es/",
                        },
                        {
                            "name": "Bureau d'aide aux victimes d'infractions de Valence (Oficina de Asistencia a las Víctimas del Delito)",
                            "phone": "",
                            "note": "Service gratuit de la Generalitat Valenciana (gouvernement régional) : "
                            "information, soutien psychologique et accompagnement. Consultez comment le "
                            "contacter sur le site officiel de la Generalitat.",
                            "website": "",
                        },
                    ],
                },
            ),
        ],
    },
    "undocumented": {
        "title": "Si vous n'avez pas de papiers",
        "summary": "Ce que l'on sait et ce que l'on ne sait pas sur le signalement et la plainte si vous êtes en situation irrégulière.",
        "body": [
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Faire un signalement à l'observatoire n'a pas d'effet sur votre situation",
                    "text": "<p>L'observatoire ne vous demande ni papiers ni nom, ne garde pas votre adresse IP "
                    "et ne transmet rien à la police ni aux services de l'immigration (Extranjería). Votre "
                    "signalement n'a aucun effet sur votre situation de séjour.</p>",
                },
            ),
            (
                "text",
                "<p>Vous avez des droits même sans papiers. La loi 15/2022 sur l'égalité de traitement protège "
                "toutes les personnes, qu'elles aient ou non un titre de séjour, et le Statut de la victime "
                "(Estatuto de la víctima del delito) s'applique aussi à toutes les victimes.</p>",
            ),
            ("heading", "Si vous allez à la police : ce que dit la loi"),
            (
                "text",
                "<ul><li><strong>Violences faites aux femmes :</strong> si vous êtes une femme étrangère victime "
                "de violences de genre, porter plainte n'ouvre pas de procédure d'expulsion pour séjour "
                "irrégulier, et celle qui existait déjà est suspendue (article 31 bis de la loi organique "
                "4/2000 sur les étrangers, Ley de Extranjería). Vous pouvez demander une autorisation de séjour "
                "et de travail pour circonstances exceptionnelles.</li>"
                "<li><strong>Traite des êtres humains :</strong> l'article 59 bis de cette loi prévoit une "
                "période de rétablissement et de réflexion pendant laquelle vous ne pouvez pas être "
                "expulsé.</li>"
                "<li><strong>Réseaux organisés :</strong> si vous êtes victime ou témoin d'exploitation au "
                "travail ou d'exploitation sexuelle, ou de trafic de personnes, et que vous dénoncez les "
                "auteurs, l'article 59 permet de vous dispenser de la sanction pour séjour irrégulier.</li></ul>",
            ),
            ("heading", "Ce qui n'est pas garanti"),
            (
                "text",
                "<p>Pour les autres infractions, y compris les crimes de haine, la loi sur les étrangers ne "
                "prévoit pas la même protection : nous ne pouvons pas vous promettre que la police ne vérifiera "
                "pas votre situation quand vous porterez plainte. C'est pourquoi nous vous conseillons de parler "
                "d'abord avec une organisation d'aide. Elle peut étudier votre cas, vous accompagner ou vous "
                "aider à déposer la plainte par écrit auprès du parquet ou du tribunal.</p>"
                "<p>La mairie doit inscrire au registre des habitants (padrón municipal) toutes les personnes "
                "qui vivent dans la ville, avec ou sans papiers, et cette inscription sert à prouver votre "
                "résidence auprès des services publics. Si on vous refuse l'inscription (empadronamiento), "
                "dites-le-nous.</p>",
            ),
        ],
    },
    "directory": {
        "title": "Organisations d'aide",
        "summary": "Associations et services de Valence qui aident les victimes de discriminations et de haine.",
        "intro": "<p>Cherchez par type d'aide, motif de discrimination, langue ou quartier, et triez la liste selon "
        "la distance d'un quartier de votre choix. Nous n'utilisons pas votre position.</p>"
        "<p><strong>Données de démonstration :</strong> les organisations existent, mais leurs langues, leurs "
        "services et leur place sur la carte sont donnés à titre d'exemple. Vérifiez toujours l'adresse, les "
        "horaires et le téléphone sur leur site officiel.</p>",
    },
    "privacy": {
        "title": "Confidentialité",
        "summary": "Ce que nous gardons quand vous faites un signalement, qui peut le lire et pendant combien de temps.",
        "body": [
            (
                "text",
                "<p>Ce site est fait pour que vous puissiez faire un signalement sans laisser de traces. Voici "
                "ce que nous gardons, en mots simples.</p>",
            ),
            ("heading", "Ce que nous ne gardons pas"),
            (
                "text",
                "<ul><li>Ni votre adresse IP ni les données de votre navigateur : elles ne sont notées dans "
                "aucun journal.</li>"
                "<li>Ni cookies de suivi ou de publicité : seulement les cookies techniques indispensables pour "
                "envoyer le formulaire et ouvrir la messagerie. Le site ne charge rien depuis d'autres "
                "sites.</li>"
                "<li>Ni votre nom, sauf si vous décidez de le donner.</li></ul>",
            ),
            ("heading", "Ce que nous gardons"),
            (
                "text",
                "<ul><li>Votre signalement (ce que vous racontez, la date et le lieu exacts, vos coordonnées si "
                "vous les donnez, les fichiers que vous joignez) et les messages de la messagerie sont conservés "
                "chiffrés. Seuls peuvent les ouvrir le Bureau de non-discrimination, le programme de classement "
                "de notre serveur, l'organisation vers laquelle votre dossier est orienté, et vous-même, avec "
                "votre reçu.</li>"
                "<li>Sans chiffrement, nous gardons seulement ce qui est nécessaire pour organiser le travail et "
                "faire des statistiques : le mois de l'incident, le quartier et l'arrondissement, si vous êtes "
                "victime ou témoin, la langue, l'état du dossier, son urgence et l'heure d'arrivée "
                "arrondie.</li>"
                "<li>Votre reçu n'est pas conservé, seulement une empreinte qui permet de le reconnaître. Si vous "
                "le perdez, personne ne peut le retrouver.</li></ul>",
            ),
            ("heading", "Pendant combien de temps"),
            (
                "text",
                "<p>Dans cette démonstration, un dossier clos est conservé cinq ans après sa clôture, et un "
                "signalement qui n'est pas devenu un dossier, un an. Ensuite, il est détruit de façon que "
                "personne ne puisse plus le lire. Vous pouvez demander depuis votre messagerie qu'il soit "
                "supprimé plus tôt. Les statistiques publiées ne contiennent aucune donnée qui permette de vous "
                "identifier.</p>",
            ),
            ("heading", "Vos droits"),
            (
                "text",
                "<p>Le Règlement général sur la protection des données (RGPD) vous permet de demander l'accès à "
                "vos données, leur rectification ou leur suppression, et de porter réclamation auprès de "
                "l'Agence espagnole de protection des données (Agencia Española de Protección de Datos). Comme "
                "votre signalement est anonyme, vous le faites depuis votre messagerie, avec votre reçu. Le "
                "responsable du traitement est l'organisme qui gère l'observatoire (voir les mentions "
                "légales).</p>",
            ),
        ],
    },
    "legal": {
        "title": "Mentions légales",
        "summary": "Qui gère ce site et dans quelles conditions il est publié.",
        "body": [
            (
                "callout",
                {
                    "tone": "warning",
                    "heading": "Ceci est une démonstration",
                    "text": "<p>Ce site est une démonstration du logiciel Observatory. Les textes ont été écrits "
                    "avec soin, mais ce ne sont pas des conseils juridiques, et les données de l'annuaire sont "
                    "données à titre d'exemple : vérifiez toujours les informations sur les sites officiels.</p>",
                },
            ),
            (
                "text",
                "<p>La ville qui publie ce site doit indiquer ici son nom, son adresse, son numéro fiscal (NIF) "
                "et un moyen de la contacter, comme l'exige la loi espagnole 34/2002 sur les services de la "
                "société de l'information, ainsi que le responsable de la protection des données.</p>"
                "<p>Les textes des pages d'information peuvent être réutilisés en citant la source. Chaque "
                "téléchargement de données ouvertes indique sa licence.</p>"
                "<p>Le site n'utilise pas de cookies de suivi et ne charge aucun contenu de tiers. Le logiciel "
                "est un logiciel libre.</p>",
            ),
        ],
    },
}

ORGANISATIONS = {
    "cruz_roja": {
        "name": "Croix-Rouge espagnole à Valence (Cruz Roja)",
        "summary": "Accueil et accompagnement social des personnes migrantes, réfugiées et en situation de vulnérabilité.",
        "opening_hours": "Consultez les horaires sur son site officiel.",
        "address": "Valence. Consultez l'adresse sur son site officiel.",
        "accessibility": "",
    },
    "cear": {
        "name": "CEAR, Commission espagnole d'aide aux réfugiés (Comisión Española de Ayuda al Refugiado), País Valencià",
        "summary": "Conseil juridique, soutien psychologique et accueil des personnes réfugiées et migrantes.",
        "opening_hours": "Consultez les horaires sur son site officiel.",
        "address": "Valence. Consultez l'adresse sur son site officiel.",
        "accessibility": "",
    },
    "accem": {
        "name": "Accem à Valence",
        "summary": "Accueil et orientation juridique, sociale et professionnelle des personnes réfugiées et migrantes.",
        "opening_hours": "Consultez les horaires sur son site officiel.",
        "address": "Valence. Consultez l'adresse sur son site officiel.",
        "accessibility": "",
    },
    "valencia_acoge": {
        "name": "Valencia Acoge",
        "summary": "Association d'aide aux personnes migrantes : orientation juridique, emploi et action contre le "
        "racisme.",
        "opening_hours": "Consultez les horaires sur son site officiel.",
        "address": "Valence. Consultez l'adresse sur son site officiel.",
        "accessibility": "",
    },
    "fsg": {
        "name": "Fundación Secretariado Gitano à Valence",
        "summary": "Promotion de la communauté gitane (rom), emploi et aide aux victimes d'antitsiganisme.",
        "opening_hours": "Consultez les horaires sur son site officiel.",
        "address": "Valence. Consultez l'adresse sur son site officiel.",
        "accessibility": "",
    },
    "lambda": {
        "name": "Lambda, collectif LGBTI de Valence",
        "summary": "Accueil des personnes LGBTI : conseil juridique, soutien psychologique et accompagnement "
        "après une agression.",
        "opening_hours": "Consultez les horaires sur son site officiel.",
        "address": "Valence. Consultez l'adresse sur son site officiel.",
        "accessibility": "",
    },
    "mci": {
        "name": "Movimiento contra la Intolerancia (Mouvement contre l'intolérance) à Valence",
        "summary": "Accueil et accompagnement des victimes de crimes de haine et de discriminations.",
        "opening_hours": "Consultez les horaires sur son site officiel.",
        "address": "Valence. Consultez l'adresse sur son site officiel.",
        "accessibility": "",
    },
    "oavd": {
        "name": "Bureau d'aide aux victimes d'infractions de Valence (Oficina de Asistencia a las Víctimas del Delito)",
        "summary": "Service public et gratuit de la Generalitat Valenciana : information, soutien psychologique et "
        "accompagnement pendant la procédure.",
        "opening_hours": "Consultez les horaires sur le site officiel de la Generalitat.",
        "address": "Cité de la justice (Ciudad de la Justicia) de Valence.",
        "accessibility": "",
    },
}
