"""Demo content of the cms app, called by observatory.demo.load_demo (idempotent)."""

from cms.models import ReportPage

REPORT_SLUG = "informar"
REPORT_INTRO = (
    "<p>Si has sufrido o has visto discriminación o un incidente de odio en la ciudad, cuéntanoslo. "
    "Es anónimo: no necesitas cuenta, no pedimos tu nombre y no guardamos tu dirección IP. Tu informe se "
    "cifra y solo lo leen la Oficina de No Discriminación y las organizaciones que te ayuden.</p>"
)
REPORT_HELP = (
    "<p>Si estás en peligro ahora mismo, llama al <strong>112</strong>.</p>"
    "<p>Al final recibirás un justificante. Con él podrás volver a tu buzón para leer las respuestas, "
    "contestar y añadir información. Apúntalo bien: no podemos recuperarlo.</p>"
    "<p>Puedes escribir en el idioma que prefieras.</p>"
)


def add_report_page(home) -> ReportPage:
    """The report page under `home`, created once; a second call returns the existing page unchanged."""
    existing = ReportPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    page = ReportPage(
        title="Informar de un incidente", slug=REPORT_SLUG, intro=REPORT_INTRO, help_text=REPORT_HELP
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
