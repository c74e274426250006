"""Speech lexicon: the Russian verbs and nouns by which news reports what someone said.

All entries are lemmas (ё written as е) and are matched by lemma, so every aspect, gender,
tense and participle/gerund form of a verb is found through morphology. Classes:

- ``say``: reporting verbs proper ("заявить", "сообщить", "подчеркнуть"): cue direct
  quotes and, with a content clause ("что ..."), indirect ones;
- ``think``: attitude verbs and predicates ("считать", "полагать", "уверен"): reported
  opinion with a content clause, or after a direct quote ("..., — считает он");
- ``manner``: verbs of speaking manner ("крикнуть", "шепнуть", "спросить"): direct quotes;
- ``frame``: verbs that characterise something ("назвать", "рассматривать как"): a quote
  only when the characterisation carries quoted words (a mixed quote), never by themselves;
- ``passive``: impersonal reflexive forms ("говорится", "сообщается"), whose speaker is
  a document ("в заявлении МВД говорится") or nobody.

Nouns: ``SOURCE_NOUNS`` head "по словам X", "по данным X", "согласно сообщению X";
``DOCUMENT_NOUNS`` are what a passive cue says something in; ``PHRASAL`` joins a light
verb and a noun into one cue ("выразить уверенность", "прийти к выводу").
"""

from __future__ import annotations

from functools import lru_cache

from svodka.nlp.morph import normal_word, parses

_SAY = """
заявить заявлять сказать говорить сообщить сообщать отметить отмечать подчеркнуть подчеркивать
добавить добавлять пояснить пояснять написать писать признать признавать пообещать обещать
рассказать рассказывать объяснить объяснять уточнить уточнять указать указывать напомнить
напоминать заметить замечать ответить отвечать подтвердить подтверждать опровергнуть
опровергать утверждать настаивать настоять уверять заверить заверять предупредить
предупреждать пожаловаться жаловаться отрицать возразить возражать согласиться соглашаться
признаться признаваться объявить объявлять констатировать резюмировать прокомментировать
комментировать высказаться высказываться выразить выражать передать передавать процитировать
цитировать продолжить продолжать посетовать сетовать упомянуть упоминать
намекнуть намекать допустить допускать повторить повторять акцентировать заключить
заключать иронизировать пошутить шутить пригрозить грозить угрожать поклясться клясться
доложить докладывать проинформировать информировать известить оповестить анонсировать
огласить оглашать провозгласить провозглашать декларировать сформулировать изложить
излагать разъяснить разъяснять парировать возмутиться возмущаться похвастаться хвастаться
сознаться рапортовать отчитаться отчитываться уведомить уведомлять твитнуть прогнозировать
спрогнозировать предсказать предсказывать пообещать гарантировать обратить сказануть
муссировать озвучить озвучивать обнародовать уверить втолковать высказывать
""".split()

_THINK = """
считать полагать предположить предполагать подозревать опасаться сомневаться уверенный
убежденный убедить
""".split()

_MANNER = """
крикнуть кричать закричать воскликнуть восклицать шепнуть шептать прошептать пробормотать
бормотать произнести произносить спросить спрашивать переспросить поинтересоваться
интересоваться вздохнуть усмехнуться улыбнуться рассмеяться отрезать съязвить возмутиться
продекламировать выкрикнуть выкрикивать скандировать прокричать процедить буркнуть
""".split()

_FRAME = """
назвать называть рассматривать рассмотреть расценивать расценить оценить оценивать
характеризовать охарактеризовать квалифицировать окрестить именовать описать описывать
сравнить сравнивать оправдывать оправдать определить определять представить представлять
объявить предложить предлагать призвать призывать потребовать требовать попросить просить
""".split()

_PASSIVE = """
говориться сообщаться отмечаться подчеркиваться утверждаться указываться заявляться
уточняться называться объясняться рассказываться признаваться писаться сообщиться
""".split()

VERBS: dict[str, str] = {}
for _cls, _words in (("frame", _FRAME), ("manner", _MANNER), ("think", _THINK),
                     ("say", _SAY), ("passive", _PASSIVE)):
    for _w in _words:
        VERBS[_w] = _cls  # later classes win: "объявить" is say, "возмутиться" say

# verbs that report only through a quoted fragment or a direct quote, never with "что"
FRAME_ONLY = frozenset(w for w, c in VERBS.items() if c == "frame")

# light verb -> nouns that make it a speech cue ("выразил уверенность, что ...")
PHRASAL: dict[str, frozenset[str]] = {
    "выразить": frozenset("""уверенность надежда мнение сожаление опасение озабоченность
        обеспокоенность сомнение недоумение возмущение удивление убеждение соболезнование
        благодарность признательность несогласие поддержка протест""".split()),
    "выражать": frozenset("""уверенность надежда мнение сожаление опасение озабоченность
        обеспокоенность сомнение недоумение возмущение удивление убеждение соболезнование
        благодарность признательность несогласие""".split()),
    "высказать": frozenset("мнение предположение опасение сомнение версия надежда".split()),
    "высказывать": frozenset("мнение предположение опасение сомнение версия".split()),
    "сделать": frozenset("заявление вывод предположение оговорка признание".split()),
    "делать": frozenset("заявление вывод предположение оговорка".split()),
    "прийти": frozenset("вывод заключение".split()),
    "приходить": frozenset("вывод заключение".split()),
    "дать": frozenset("понять".split()),
    "давать": frozenset("понять".split()),
    "обратить": frozenset("внимание".split()),
    "обращать": frozenset("внимание".split()),
    "выступить": frozenset("заявление".split()),
    "выразиться": frozenset(),
    "привести": frozenset("слово довод аргумент".split()),
    "выдвинуть": frozenset("версия предположение".split()),
    "поделиться": frozenset("мнение впечатление мысль соображение воспоминание подробность".split()),
    "делиться": frozenset("мнение впечатление мысль соображение воспоминание подробность".split()),
}

# "по словам X", "по данным X", "согласно сообщению X", "со слов X"
SOURCE_NOUNS = frozenset("""слово данные сообщение информация мнение утверждение версия оценка
    подсчет заявление признание сведение сведения прогноз расчет убеждение показание
    свидетельство уверение словам заключение замечание""".split())

# what a passive cue says something in ("в заявлении МВД говорится")
DOCUMENT_NOUNS = frozenset("""заявление сообщение пресс-релиз релиз письмо обращение документ
    доклад отчет некролог коммюнике статья публикация материал блог микроблог пост твит
    запись интервью выступление речь ответ постановление решение приговор характеристика
    комментарий записка послание телеграмма приказ указ резолюция декларация меморандум
    протокол справка бюллетень сводка уведомление извещение видеообращение колонка сайт
    страница аккаунт телеграм-канал канал твиттер фейсбук обвинение иск жалоба петиция
    доклад исследование отчет программа статья ролик видео видеоролик эфир передача
    репортаж""".split())

# nouns that take a name in quotation marks: «Единая Россия» after "партия" is a title
NAME_NOUNS = frozenset("""газета агентство партия движение фонд компания операция книга фильм
    программа проект закон акция марш телеканал канал радио радиостанция издание журнал сайт
    группа группировка организация объединение союз блок фракция клуб команда банк
    корпорация концерн холдинг завод комбинат фабрика предприятие общество ассоциация
    центр институт университет театр музей выставка фестиваль конкурс премия орден медаль
    спектакль песня альбом сериал передача шоу роман повесть статья доклад стратегия
    концепция доктрина план инициатива кампания учение учения миссия станция аэропорт
    корабль судно крейсер самолет ракета комплекс система вокзал улица площадь парк
    гостиница отель ресторан кафе магазин рынок порт база лагерь полк батальон бригада
    дивизия отряд подразделение картина лента кинофильм мультфильм сингл клип трек формирование бренд марка приложение сеть
    соцсеть мессенджер портал платформа сервис проект застава пост""".split())

# speaker heads that speak for the organisation named after them ("пресс-служба МВД")
PROXY_HEADS = frozenset("""пресс-служба пресс-центр пресс-секретариат канцелярия офис аппарат
    представитель представительница представительство власть власти руководство командование
    сайт аккаунт блог микроблог страница твиттер пресс-бюро повстанец боевик член сотрудник
    руководитель сторона""".split())
# proxies that speak for the country of their adjective ("украинская сторона", "российские
# власти"); not "сирийские повстанцы", who do not speak for Syria
STATE_VOICES = frozenset("сторона власть власти руководство командование".split())

# verbs by which someone issues a document ("сделали совместное заявление", "выступил с
# заявлением"): their subject is its author (publishers and readers are not)
ISSUE_VERBS = frozenset("""сделать делать выступить выступать подписать подписывать выпустить
    выпускать распространить распространять принять принимать обнародовать направить
    направлять подготовить составить издать опубликовать публиковать разместить""".split())

# modifiers that make a speaker anonymous ("неназванный представитель", "источник")
ANONYMOUS = frozenset("""неназванный анонимный высокопоставленный неизвестный некий один
    осведомленный""".split())

# subordinators that open a reported clause
CLAUSE_MARKS = frozenset({"что", "будто", "якобы", "чтобы"})


def normal(word: str) -> str:
    return normal_word(word)


def cue_class(lemma: str) -> str | None:
    """Class of a verb/predicate lemma ("say", "think", "manner", "frame", "passive")."""
    return VERBS.get(normal(lemma))


def is_source_noun(lemma: str) -> bool:
    return normal(lemma) in SOURCE_NOUNS


def is_document_noun(lemma: str) -> bool:
    return normal(lemma) in DOCUMENT_NOUNS


def phrasal_nouns(verb_lemma: str) -> frozenset[str]:
    return PHRASAL.get(normal(verb_lemma), frozenset())


def lexicon_size() -> dict[str, int]:
    """Entries per class (docs and tests quote these figures)."""
    out: dict[str, int] = {}
    for cls in VERBS.values():
        out[cls] = out.get(cls, 0) + 1
    out["verbs"] = len(VERBS)
    out["phrasal"] = sum(len(v) for v in PHRASAL.values())
    out["source_nouns"] = len(SOURCE_NOUNS)
    out["document_nouns"] = len(DOCUMENT_NOUNS)
    return out


# -- tolerant lookup for the attribution slot ("- заявив президент", "- заявли он") ---------

@lru_cache(maxsize=1)
def _past_forms() -> dict[str, str]:
    """Past-tense and gerund forms of every say/think/manner verb -> lemma."""
    out: dict[str, str] = {}
    for lemma, cls in VERBS.items():
        if cls not in ("say", "manner", "think"):
            continue
        for p in parses(lemma):
            if p.tag.POS != "INFN":
                continue
            for grams in ({"past", "masc"}, {"past", "femn"}, {"past", "neut"}, {"past", "plur"},
                          {"GRND", "perf"}, {"GRND", "impf"}, {"pres", "3per", "sing"},
                          {"pres", "3per", "plur"}):
                form = p.inflect(grams)
                if form is not None:
                    out.setdefault(normal(form.word), lemma)
            break
    return out


@lru_cache(maxsize=1)
def _all_forms() -> frozenset[str]:
    """Every form of every lexicon verb and light verb (about 11,000): a cheap gate before
    lemmatising a token, the costliest step of the stage."""
    out: set[str] = set()
    for lemma in (*VERBS, *PHRASAL):
        for p in parses(lemma)[:4]:
            if normal(p.normal_form) == lemma:
                out.update(normal(f.word) for f in p.lexeme)
    return frozenset(out)


def maybe_cue(word: str) -> bool:
    """True if ``word`` is a form of some lexicon verb (then its lemma is worth checking)."""
    return normal(word) in _all_forms()


def warm() -> None:
    """Build the form tables now (pipeline start-up) rather than in the first article."""
    _all_forms()
    _past_forms()


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        # one transposition: "заявли" for "заявил"
        return len(diff) == 2 and diff[1] == diff[0] + 1 and \
            a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


@lru_cache(maxsize=20_000)
def fuzzy_verb(word: str) -> str | None:
    """The lexicon verb that ``word`` is a form or a one-letter typo of, else None.

    Used only where the position already says "reporting verb" (right after the dash that
    closes a quoted utterance), so a misspelt cue does not lose the quote."""
    w = normal(word)
    if len(w) < 5 or not w.isalpha():
        return None
    forms = _past_forms()
    if w in forms:
        return forms[w]
    for p in parses(w):
        lemma = normal(p.normal_form)
        if VERBS.get(lemma) in ("say", "manner", "think"):
            return lemma
    for form, lemma in forms.items():
        if form[:2] == w[:2] and _within_one_edit(form, w):
            return lemma
    return None
