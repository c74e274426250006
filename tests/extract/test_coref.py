import svodka


def person(doc, name):
    found = [e for e in doc.entities if e.name == name]
    assert found, [e.name for e in doc.entities]
    return found[0]


def kinds(entity):
    return {(m.text, m.kind) for m in entity.mentions}


def test_seed_roles_and_pronouns(seed_doc):
    tokayev = person(seed_doc, "Касым-Жомарт Токаев")
    got = kinds(tokayev)
    for surface in ("Президент Казахстана", "президент Казахстана", "Глава государства", "президент"):
        assert (surface, "role") in got, surface
    assert ("Он", "pronoun") in got
    luk = person(seed_doc, "Александр Лукашенко")
    assert ("президент Беларуси", "role") in kinds(luk)
    # "главам государств ОДКБ" are several people: no single holder
    assert not any(m.text.startswith("главам") for e in seed_doc.entities for m in e.mentions)


def test_apposition_teaches_a_role_used_later():
    doc = svodka.analyze("Глава МВД Владимир Колокольцев выступил в Думе. "
                         "Позже глава МВД ответил на вопросы депутатов.")
    kol = person(doc, "Владимир Колокольцев")
    assert [m.text for m in kol.mentions if m.kind == "role"] == ["Глава МВД", "глава МВД"]


def test_pronoun_agrees_in_gender():
    doc = svodka.analyze("Мария Захарова встретилась с Сергеем Лавровым. Она заявила, что "
                         "переговоры прошли успешно. Он не стал комментировать итоги.")
    assert ("Она", "pronoun") in kinds(person(doc, "Мария Захарова"))
    assert ("Он", "pronoun") in kinds(person(doc, "Сергей Лавров"))


def test_former_and_plural_roles_stay_unresolved():
    doc = svodka.analyze("Президент Франции Эмманюэль Макрон встретился с коллегами. "
                         "Бывший президент выступил позже. Президенты стран подписали декларацию.")
    macron = person(doc, "Эмманюэль Макрон")
    roles = [m.text for m in macron.mentions if m.kind == "role"]
    assert roles == ["Президент Франции"]


def test_possessive_source_pronoun():
    doc = svodka.analyze("Адвокат Мария Иванова вышла к журналистам. По её словам, суд отложен.")
    assert ("её", "pronoun") in kinds(person(doc, "Мария Иванова"))
