"""Role nouns: the offices and functions by which news refers to people.

A role phrase is a role noun with its dependents ("президент Казахстана", "глава МВД",
"бывший премьер-министр Великобритании"). Roles that mean the same office are folded into
one class so that "Глава государства" finds the person the article introduced as
"Президент Казахстана".
"""

from __future__ import annotations

# lemma -> role class; several lemmas share a class
ROLE_CLASS: dict[str, str] = {
    # heads of state
    "президент": "head_of_state", "король": "head_of_state", "королева": "head_of_state",
    "монарх": "head_of_state", "император": "head_of_state", "эмир": "head_of_state",
    "султан": "head_of_state", "шах": "head_of_state", "царь": "head_of_state",
    "государь": "head_of_state", "президентша": "head_of_state",
    # heads of government
    "премьер": "head_of_government", "премьер-министр": "head_of_government",
    "канцлер": "head_of_government", "председатель": "chair",
    # ministers and officials
    "министр": "minister", "замминистр": "deputy_minister", "вице-премьер": "deputy_pm",
    "вице-президент": "vice_president", "госсекретарь": "secretary_of_state",
    "генсек": "secretary_general", "генеральный": "general",
    "секретарь": "secretary", "пресс-секретарь": "press_secretary",
    "спикер": "speaker", "представитель": "spokesperson", "официальный": "official",
    "губернатор": "governor", "мэр": "mayor", "градоначальник": "mayor", "глава": "head",
    "руководитель": "head", "начальник": "head", "лидер": "leader", "вождь": "leader",
    "директор": "director", "гендиректор": "director", "управляющий": "director",
    "президент-элект": "head_of_state", "посол": "ambassador", "консул": "consul",
    "посланник": "ambassador", "депутат": "deputy", "сенатор": "senator",
    "парламентарий": "deputy", "конгрессмен": "deputy", "судья": "judge",
    "прокурор": "prosecutor", "генпрокурор": "prosecutor", "следователь": "investigator",
    "командующий": "commander", "командир": "commander", "главнокомандующий": "commander",
    "генерал": "general", "маршал": "general", "адмирал": "general", "полковник": "officer",
    "омбудсмен": "ombudsman", "уполномоченный": "ombudsman", "патриарх": "patriarch",
    "митрополит": "cleric", "папа": "pope", "понтифик": "pope", "аятолла": "cleric",
    "имам": "cleric", "муфтий": "cleric", "епископ": "cleric", "архиепископ": "cleric",
    "основатель": "founder", "владелец": "owner", "совладелец": "owner",
    "основательница": "founder", "главврач": "head", "ректор": "rector", "декан": "dean",
    "тренер": "coach", "наставник": "coach", "капитан": "captain", "атаман": "leader",
    "главнокомандующая": "commander", "председательница": "chair", "министресса": "minister",
    "журналист": "journalist", "корреспондент": "journalist", "редактор": "editor",
    "главред": "editor", "блогер": "blogger", "адвокат": "lawyer", "юрист": "lawyer",
    "эксперт": "expert", "аналитик": "expert", "политолог": "expert", "экономист": "expert",
    "актер": "actor", "актриса": "actor", "певец": "singer", "певица": "singer",
    "писатель": "writer", "писательница": "writer", "режиссер": "director_film",
    "художник": "artist", "музыкант": "musician", "рэпер": "musician", "футболист": "athlete",
    "хоккеист": "athlete", "теннисист": "athlete", "теннисистка": "athlete",
    "спортсмен": "athlete", "спортсменка": "athlete", "боксер": "athlete",
    "оппозиционер": "opposition", "активист": "activist", "активистка": "activist",
    "правозащитник": "activist", "политик": "politician", "бизнесмен": "businessman",
    "предприниматель": "businessman", "миллиардер": "businessman", "олигарх": "businessman",
    "экс-президент": "former_head_of_state", "экс-премьер": "former_head_of_government",
}

# "глава государства", "глава правительства": role class from the genitive dependent
HEAD_OF: dict[str, str] = {
    "государство": "head_of_state", "страна": "head_of_state", "республика": "head_of_state",
    "правительство": "head_of_government", "кабинет": "head_of_government",
    "кабмин": "head_of_government",
}

# lemma of an adjective that makes a role "former": not the current holder
FORMER = {"бывший", "экс", "прежний", "покойный", "предыдущий"}

# Only these classes are specific enough to be resolved from a bare role noun.
UNIQUE_CLASSES = {"head_of_state", "head_of_government", "vice_president",
                  "secretary_of_state", "secretary_general", "press_secretary", "mayor",
                  "governor", "speaker", "patriarch", "pope", "chair", "minister", "head",
                  "leader", "director", "commander", "prosecutor", "ombudsman", "ambassador"}

# Classes compatible with each other when a bare or generic role is resolved.
COMPATIBLE: dict[str, set[str]] = {
    "head_of_state": {"head_of_state"},
    "head_of_government": {"head_of_government"},
}


def role_class(lemma: str) -> str | None:
    return ROLE_CLASS.get(lemma)
