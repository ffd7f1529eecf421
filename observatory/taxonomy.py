"""The fixed codes of DESIGN §6: the contract between intake, triage, casework, statistics and exports.

Codes never change; labels are translatable (English msgids, other languages through the .po files).
Each ground also says which category it is counted under in the official lists we report against, so a
bulletin can be shown in those categories as well as in ours. Everything here is data: add a code or a
mapping by editing a table, not by writing a branch.

Importing this module and reading codes or mappings needs no Django settings: labels are lazy and are
only turned into text when rendered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


def _(message: str) -> str:
    """Mark an English msgid for makemessages (which extracts ``_()`` calls) and keep it as plain text.

    Django's own gettext_noop reads settings, and this module must import without them; ``Code.label``
    wraps the msgid in gettext_lazy for display.
    """
    return message


# The official lists, by the scheme name used in mappings and in the open-data code lists.
MINISTRY_INTERIOR = "ministry_interior"
OSCE_ODIHR = "osce_odihr"
LAW_15_2022 = "law_15_2022"
COMVA = "comva"
SCHEMES = (MINISTRY_INTERIOR, OSCE_ODIHR, LAW_15_2022, COMVA)


@dataclass(frozen=True)
class Code:
    code: str
    msgid: str
    # scheme name -> category code in that scheme; empty for lists that have no official counterpart.
    mappings: Mapping[str, str] = field(default_factory=dict)

    @property
    def label(self) -> Promise:
        return gettext_lazy(self.msgid)

    def label_in(self, language: str) -> str:
        """The label in ``language``; the English msgid when translations are unavailable (no settings)."""
        try:
            with translation.override(language):
                return str(gettext_lazy(self.msgid))
        except ImproperlyConfigured:
            return self.msgid


@dataclass(frozen=True)
class CodeList:
    name: str
    codes: tuple[Code, ...]
    multiple: bool = False  # several codes per case (grounds, urgency reasons, redress)

    def __post_init__(self):
        values = [c.code for c in self.codes]
        if len(values) != len(set(values)):
            raise ValueError(f"duplicate code in {self.name}")

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.values

    def __iter__(self):
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def get(self, code: str) -> Code:
        for item in self.codes:
            if item.code == code:
                return item
        raise ValueError(f"{code!r} is not a {self.name} code")

    def label(self, code: str) -> Promise | str:
        return self.get(code).label

    def choices(self) -> list[tuple[str, Promise | str]]:
        """``choices=`` for a Django model or form field (labels stay lazy)."""
        return [(c.code, c.label) for c in self.codes]

    def validate(self, code: str) -> str:
        """Return ``code`` if it belongs to this list, else raise ValueError."""
        if code not in self.values:
            raise ValueError(f"{code!r} is not a {self.name} code")
        return code

    def validate_many(self, codes: Iterable[str]) -> tuple[str, ...]:
        """Validate a multi-label value; returns the codes deduplicated in list order."""
        given = set(codes)
        unknown = given - set(self.values)
        if unknown:
            raise ValueError(f"not {self.name} codes: {', '.join(sorted(unknown))}")
        return tuple(c for c in self.values if c in given)

    def mapping(self, scheme: str) -> dict[str, str]:
        """code -> category in ``scheme`` (only codes that have one)."""
        return {c.code: c.mappings[scheme] for c in self.codes if scheme in c.mappings}


def _list(name: str, rows, multiple: bool = False) -> CodeList:
    return CodeList(name, tuple(Code(*row) for row in rows), multiple)


# --- Official category lists -------------------------------------------------------------------------
# Each gets a catch-all so that every ground has somewhere to be counted; the catch-all says plainly
# that the official list has no such category.

MINISTRY_INTERIOR_CATEGORIES = _list(
    MINISTRY_INTERIOR,
    # Ministerio del Interior, "Informe sobre la evolución de los delitos de odio en España".
    [
        ("antigitanismo", _("Antigypsyism")),
        ("antisemitismo", _("Antisemitism")),
        ("aporofobia", _("Aporophobia")),
        ("creencias_religiosas", _("Religious beliefs or practices")),
        ("discapacidad", _("Disability")),
        ("sexo_genero", _("Discrimination on grounds of sex/gender")),
        ("generacional", _("Generational discrimination")),
        ("enfermedad", _("Discrimination on grounds of illness")),
        ("ideologia", _("Ideology")),
        ("orientacion_identidad_sexual", _("Sexual orientation and gender identity")),
        ("racismo_xenofobia", _("Racism/xenophobia")),
        ("sin_equivalente", _("No Ministry of Interior category")),
    ],
)

OSCE_ODIHR_CATEGORIES = _list(
    OSCE_ODIHR,
    [
        ("racism_xenophobia", _("Racism and xenophobia")),
        ("anti_roma_sinti", _("Bias against Roma and Sinti")),
        ("antisemitism", _("Anti-Semitism")),
        ("anti_muslim", _("Anti-Muslim bias")),
        ("anti_christian_other_religions", _("Bias against Christians and members of other religions")),
        ("sexual_orientation_gender_identity", _("Bias based on sexual orientation or gender identity")),
        ("gender", _("Gender-based bias")),
        ("disability", _("Bias against persons with disabilities")),
        ("other", _("Other bias")),
    ],
)

LAW_15_2022_GROUNDS = _list(
    LAW_15_2022,
    # Ley 15/2022 integral para la igualdad de trato y la no discriminación, art. 2.1.
    [
        ("nacimiento", _("Birth")),
        ("origen_racial_etnico", _("Racial or ethnic origin")),
        ("nacionalidad", _("Nationality")),
        ("sexo", _("Sex")),
        ("religion", _("Religion")),
        ("conviccion_opinion", _("Conviction or opinion")),
        ("edad", _("Age")),
        ("discapacidad", _("Disability")),
        ("orientacion_identidad_sexual", _("Sexual orientation or identity")),
        ("expresion_genero", _("Gender expression")),
        ("enfermedad_salud", _("Illness or health condition")),
        ("estado_serologico", _("Serological status or genetic predisposition")),
        ("lengua", _("Language")),
        ("situacion_socioeconomica", _("Socio-economic situation")),
        ("otra_condicion", _("Any other personal or social condition or circumstance")),
    ],
)

COMVA_CATEGORIES = _list(
    COMVA,
    # The categories Valencia's Office of Non-discrimination (ONDIS, Plan COMVA) reports in.
    [
        ("racisme", _("Racism")),
        ("romafobia", _("Romaphobia")),
        ("lgtbifobia", _("LGTBI-phobia")),
        ("disfobia", _("Disphobia")),
        ("aporofobia", _("Aporophobia")),
        ("religio", _("Religion")),
        ("llengua_cultura", _("Language and culture")),
        ("malalties_rares_fisics", _("Rare diseases and non-normative bodies")),
        ("genere", _("Gender")),
        ("serofobia", _("Serophobia")),
        ("edatisme", _("Ageism")),
        ("altres", _("Other (no COMVA category)")),
    ],
)

OFFICIAL_LISTS: dict[str, CodeList] = {
    lst.name: lst
    for lst in (MINISTRY_INTERIOR_CATEGORIES, OSCE_ODIHR_CATEGORIES, LAW_15_2022_GROUNDS, COMVA_CATEGORIES)
}


def _g(code, label, ministry, osce, law, comva):
    return (code, label, {MINISTRY_INTERIOR: ministry, OSCE_ODIHR: osce, LAW_15_2022: law, COMVA: comva})


# --- Our lists (DESIGN §6) ---------------------------------------------------------------------------
# One category per scheme for each ground, so that remapped counts add up. Where an official list splits
# what one of our grounds covers (COMVA's serofòbia inside `health`), the case-level remap cannot tell
# the parts apart and counts it under the wider category; where it joins grounds, counts are summed.

GROUNDS = _list(
    "grounds",
    [
        _g(
            "racism",
            _("Racism and xenophobia"),
            "racismo_xenofobia",
            "racism_xenophobia",
            "origen_racial_etnico",
            "racisme",
        ),
        _g(
            "antigypsyism",
            _("Antigypsyism"),
            "antigitanismo",
            "anti_roma_sinti",
            "origen_racial_etnico",
            "romafobia",
        ),
        # The Ministry and ODIHR count antisemitism apart; Law 15/2022 protects it under religion.
        _g("antisemitism", _("Antisemitism"), "antisemitismo", "antisemitism", "religion", "religio"),
        # The Ministry has no anti-Muslim category of its own and counts it under religious beliefs.
        _g(
            "anti_muslim",
            _("Anti-Muslim hatred"),
            "creencias_religiosas",
            "anti_muslim",
            "religion",
            "religio",
        ),
        _g(
            "religion",
            _("Other religion or belief"),
            "creencias_religiosas",
            "anti_christian_other_religions",
            "religion",
            "religio",
        ),
        _g(
            "sexual_orientation",
            _("Sexual orientation"),
            "orientacion_identidad_sexual",
            "sexual_orientation_gender_identity",
            "orientacion_identidad_sexual",
            "lgtbifobia",
        ),
        _g(
            "gender_identity",
            _("Gender identity"),
            "orientacion_identidad_sexual",
            "sexual_orientation_gender_identity",
            "orientacion_identidad_sexual",
            "lgtbifobia",
        ),
        _g("sex_gender", _("Sex or gender"), "sexo_genero", "gender", "sexo", "genere"),
        _g("disability", _("Disability"), "discapacidad", "disability", "discapacidad", "disfobia"),
        _g(
            "aporophobia",
            _("Aporophobia (poverty, homelessness)"),
            "aporofobia",
            "other",
            "situacion_socioeconomica",
            "aporofobia",
        ),
        _g("age", _("Age"), "generacional", "other", "edad", "edatisme"),
        _g(
            "health",
            _("Health (illness, HIV status, non-normative bodies)"),
            "enfermedad",
            "other",
            "enfermedad_salud",
            "malalties_rares_fisics",
        ),
        # Language and culture has no Ministry or ODIHR category.
        _g("language", _("Language"), "sin_equivalente", "other", "lengua", "llengua_cultura"),
        # COMVA reports no ideology category.
        _g("ideology", _("Ideology"), "ideologia", "other", "conviccion_opinion", "altres"),
        _g("other", _("Other ground"), "sin_equivalente", "other", "otra_condicion", "altres"),
    ],
    multiple=True,
)

DOMAINS = _list(
    "domain",
    [
        ("housing", _("Housing")),
        ("employment", _("Employment")),
        ("education", _("Education")),
        ("health", _("Health care")),
        ("social_services", _("Social services")),
        ("public_administration", _("Public administration")),
        ("police", _("Police")),
        ("goods_services", _("Goods and services (shops, bars, nightlife, banks)")),
        ("transport", _("Transport")),
        ("public_space", _("Public space")),
        ("online", _("Online")),
        ("neighbourhood", _("Neighbourhood")),
        ("other", _("Other")),
    ],
)

INCIDENT_TYPES = _list(
    "incident_type",
    [
        ("denial_of_service", _("Denial of service")),
        ("unequal_treatment", _("Unequal treatment")),
        ("harassment", _("Harassment (insults, abuse, intimidation)")),
        ("threat", _("Threat")),
        ("assault", _("Assault")),
        ("property_damage", _("Property damage")),
        ("hate_speech", _("Hate speech (public or online incitement, graffiti)")),
        ("other", _("Other")),
    ],
)

URGENCY_REASONS = _list(
    "urgency_reasons",
    [
        ("violence", _("Violence")),
        ("threat_to_life", _("Threat to life")),
        ("minor", _("A minor is involved")),
        ("ongoing", _("Ongoing situation")),
        ("self_harm", _("Risk of self-harm")),
    ],
    multiple=True,
)

REPORTER_ROLES = _list(
    "reporter_role",
    [
        ("victim", _("Victim")),
        ("witness", _("Witness")),
        ("relative", _("Relative or friend")),
        ("organisation", _("Organisation")),
    ],
)

LEGAL_CLASSIFICATIONS = _list(
    "legal_classification",
    [
        ("criminal_offence", _("Criminal offence")),
        ("administrative_offence", _("Administrative offence")),
        ("non_criminal_incident", _("Non-criminal incident")),
        ("not_discrimination", _("Not discrimination")),
        ("undetermined", _("Undetermined")),
    ],
)

REDRESS_ACTIONS = _list(
    "redress",
    [
        ("information_provided", _("Information provided")),
        ("psychosocial_support", _("Psychosocial support")),
        ("legal_advice", _("Legal advice")),
        ("mediation", _("Mediation")),
        ("service_restored", _("Service restored")),
        ("apology", _("Apology")),
        ("compensation", _("Compensation")),
        ("administrative_sanction", _("Administrative sanction")),
        ("police_complaint", _("Police complaint")),
        ("prosecutor_referral", _("Referral to the hate-crime prosecutor")),
        ("court_ruling_favourable", _("Favourable court ruling")),
        ("court_ruling_unfavourable", _("Unfavourable court ruling")),
        ("ombudsman_referral", _("Referral to the ombudsman")),
        ("no_redress", _("No redress")),
        ("reporter_withdrew", _("Reporter withdrew")),
    ],
    multiple=True,
)

# Whether the case was reported to the police. Stored as a nullable boolean (`Case.reported_to_police`);
# these codes are how forms, exports, tables and open data spell it.
REPORTED_TO_POLICE = _list(
    "reported_to_police",
    [("yes", _("Reported to the police")), ("no", _("Not reported")), ("unknown", _("Not known"))],
)
_POLICE_FLAGS = {"yes": True, "no": False, "unknown": None}


def police_code(flag: bool | None) -> str:
    """The REPORTED_TO_POLICE code of a stored `reported_to_police` value."""
    return {True: "yes", False: "no"}.get(flag, "unknown")


def police_flag(code: str | None) -> bool | None:
    """The stored value of a REPORTED_TO_POLICE code (an empty answer means not known)."""
    return _POLICE_FLAGS.get(code or "unknown")


# Not in DESIGN §6 and with no official counterpart, so not among CODE_LISTS; the categories follow the
# EU Fundamental Rights Agency's victimisation surveys. Recorded on a case, counted in bulletins.
REASONS_NOT_REPORTED = _list(
    "reason_not_reported",
    [
        ("fear_of_police", _("Fear or distrust of the police")),
        ("administrative_status", _("Irregular administrative status")),
        ("fear_of_retaliation", _("Fear of retaliation")),
        ("not_worth_it", _("Thought nothing would happen")),
        ("did_not_know_how", _("Did not know how or where")),
        ("language", _("Language barrier")),
        ("handled_otherwise", _("Handled it another way")),
        ("other", _("Other")),
    ],
    multiple=True,
)

CODE_LISTS: dict[str, CodeList] = {
    lst.name: lst
    for lst in (
        GROUNDS,
        DOMAINS,
        INCIDENT_TYPES,
        URGENCY_REASONS,
        REPORTER_ROLES,
        LEGAL_CLASSIFICATIONS,
        REDRESS_ACTIONS,
    )
}


def remap_codes(codes: Iterable[str], scheme: str = COMVA, code_list: CodeList = GROUNDS) -> tuple[str, ...]:
    """The categories of ``scheme`` one case falls in, given its codes (deduplicated, in scheme order).

    Use this per case before counting: a case labelled racism and antisemitism is one case in COMVA's
    *religió* and one in *racisme*, and remapping per-case keeps it from being counted twice in one category.
    """
    mapping = code_list.mapping(scheme)
    hit = {mapping[c] for c in code_list.validate_many(codes)}
    return tuple(c for c in OFFICIAL_LISTS[scheme].values if c in hit)


def remap_counts(
    counts: Mapping[str, int], scheme: str = COMVA, code_list: CodeList = GROUNDS
) -> dict[str, int]:
    """Sum per-code counts into ``scheme``'s categories (every category present, in scheme order).

    With multi-label grounds this counts labels, not cases: a case with two grounds that land in the same
    category is counted twice. For case counts, remap each case with ``remap_codes`` before counting.
    Remap true counts and apply disclosure control afterwards; sums of suppressed cells are not counts.
    """
    mapping = code_list.mapping(scheme)
    code_list.validate_many(counts)
    out = dict.fromkeys(OFFICIAL_LISTS[scheme].values, 0)
    for code, n in counts.items():
        out[mapping[code]] += n
    return out
