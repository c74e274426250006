"""The evaluative lexicon of labels for actors and acts, matched in every inflected form.

Each entry is a lemma with a polarity (negative/positive/neutral), a category (terrorism,
criminality, illegitimacy, ...) and a kind that says how the word labels:

- ``actor``: a noun for a person or group that carries an evaluation ("террорист", "хунта",
  "герой"). It labels whatever it refers to, even in plain reference ("боевики захватили").
- ``act``: a noun that frames an event or act ("теракт", "резня", "репрессии", "агрессия").
- ``pred``: a noun that evaluates only when predicated of something ("это угроза", "назвал
  это провокацией") but is a neutral reference otherwise ("угроза терактов").
- ``adj``: an adjective that labels the actor or act it modifies ("террористическая атака").
- ``adj_actor``: an adjective that labels only people and groups ("радикальные исламисты", but
  not "радикальные меры").
- ``adj_protest``: an adjective that labels only protests ("мирный протест", but not "мирные
  жители" or "мирный договор").
- ``regime``: "режим" labels only with a person or country dependent ("режим Асада").
- ``quality``: a noun for an evaluative property that labels its genitive dependent
  ("политической ангажированности всего процесса", "незаконность задержания").
- ``adj_pred``: an adjective (or its short form/adverb) that evaluates only when predicated
  ("задержание неправомерно", "назвал решение справедливым").

Matching is by surface form: every form of every lemma (pymorphy3 lexeme) is indexed once per
process, so looking a token up never needs its lemma. Hyphenated compounds are looked up by
their first part ("террористов-смертников" -> "террорист").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from svodka.extract.roles import role_class
from svodka.nlp.morph import morph, normal_word

KINDS = ("actor", "regime", "act", "pred", "adj", "adj_actor", "adj_protest", "adj_pred",
         "quality")
NOUN_KINDS = ("actor", "regime", "act", "pred")
ADJ_KINDS = ("adj", "adj_actor", "adj_protest", "adj_pred")

# category | polarity | kind | lemmas (space separated)
_TABLE = """
terrorism | negative | actor | террорист террористка шахид шахидка джихадист джихадистка бомбист
    террорист-смертник
terrorism | negative | act | теракт террор
terrorism | negative | pred | терроризм смертник смертница подрывник
terrorism | negative | adj | террористический джихадистский
extremism | negative | actor | экстремист экстремистка радикал фанатик ваххабит сектант мракобес
extremism | negative | act | мракобесие
extremism | negative | pred | экстремизм радикализм фанатизм ваххабизм исламист салафит
extremism | negative | adj | экстремистский ультрарадикальный фанатичный ваххабитский
extremism | negative | adj_actor | радикальный сектантский
extremism | negative | adj_pred | исламистский
militancy | negative | actor | боевик бандформирование наемник головорез
militancy | negative | adj | бандитский
criminality | negative | actor | преступник преступница бандит банда уголовник вор воровка грабитель
    мародер душегуб рэкетир мафия мафиози злодей разбойник уголовщина ворье
criminality | negative | act | мародерство злодеяние зверство
criminality | negative | pred | преступление убийство кража воровство грабеж разбой хищение
    мошенничество вымогательство поджог убийца злоумышленник насильник похититель поджигатель
    контрабандист наркоторговец наркобарон налетчик криминал бандитизм рэкет мошенник
    мошенница аферист жулик
criminality | negative | adj | преступный криминальный мошеннический воровской грабительский
    злодейский
illegitimacy | negative | actor | узурпатор самозванец самозванка марионетка хунта клика путчист
    псевдогосударство
illegitimacy | negative | regime | режим
illegitimacy | negative | act | узурпация фальсификация подлог фарс беззаконие произвол
    самоуправство профанация
illegitimacy | negative | pred | нарушение вмешательство переворот путч
illegitimacy | negative | adj | самопровозглашенный марионеточный нелегитимный незаконный
    нелегальный противоправный фиктивный липовый сфальсифицированный подставной
    антиконституционный неконституционный
illegitimacy | negative | adj_pred | неправомерный неправомочный несправедливый бесчестный
    недопустимый неприемлемый нечестный декоративный номинальный
legitimacy | positive | pred | освобождение
legitimacy | positive | adj | законный легитимный
legitimacy | positive | adj_protest | мирный ненасильственный
legitimacy | positive | adj_pred | правомерный правомочный справедливый честный обоснованный
    оправданный необходимый демократичный прозрачный свободный
victimhood | neutral | actor | страдалец
victimhood | positive | actor | мученик мученица
victimhood | positive | adj | мученический невинный беззащитный безвинный
aggression | negative | actor | агрессор захватчик интервент милитарист провокатор диверсант
    разжигатель
aggression | negative | act | агрессия вторжение интервенция экспансия диверсия провокация
    аннексия
aggression | negative | pred | нападение подрыв посягательство угроза опасность удар вызов
    давление шантаж
aggression | negative | adj | агрессивный захватнический милитаристский воинственный враждебный
    вражеский подрывной провокационный диверсионный
enmity | negative | pred | враг неприятель недруг
occupation | negative | actor | оккупант колонизатор поработитель угнетатель
occupation | negative | act | оккупация колонизация порабощение угнетение
occupation | negative | adj | оккупационный оккупированный колониальный
nationalism | negative | actor | националист ультранационалист шовинист расист ксенофоб русофоб
    антисемит бандеровец
nationalism | negative | pred | национализм ультранационализм шовинизм расизм ксенофобия
    русофобия антисемитизм исламофобия
nationalism | negative | adj | ультранационалистический шовинистический расистский ксенофобский
    русофобский антисемитский бандеровский
nationalism | negative | adj_actor | националистический
fascism | negative | actor | фашист нацист неонацист неофашист каратель
fascism | negative | pred | фашизм нацизм неонацизм неофашизм
fascism | negative | adj | фашистский нацистский неонацистский неофашистский карательный
    человеконенавистнический
heroism | positive | actor | героиня освободитель освободительница патриот патриотка храбрец
    смельчак
heroism | positive | pred | герой защитник защитница борец
heroism | positive | act | подвиг самопожертвование
heroism | positive | pred | героизм мужество самоотверженность
heroism | positive | adj | героический доблестный мужественный отважный храбрый самоотверженный
    патриотический освободительный
insurgency | positive | actor | ополченец
insurgency | neutral | actor | повстанец партизан инсургент
insurgency | neutral | adj | повстанческий партизанский
merit | positive | pred | профессионал гений
merit | positive | adj_pred | выдающийся превосходный преданный испытанный великий блестящий
    грандиозный
betrayal | negative | actor | предатель предательница изменник изменница коллаборант
    коллаборационист ренегат перебежчик отступник иуда власовец пособник приспешник прихвостень
    холуй лакей
betrayal | negative | act | предательство измена коллаборационизм вероломство
betrayal | negative | adj | предательский вероломный продажный
corruption | negative | actor | коррупционер казнокрад взяточник мздоимец расхититель клептократ
corruption | negative | act | казнокрадство кумовство откат распил
corruption | negative | pred | коррупция взяточничество клептократия
corruption | negative | adj | коррумпированный коррупционный
propaganda | negative | actor | пропагандист лжец клеветник манипулятор фальсификатор
propaganda | negative | pred | пропаганда
propaganda | negative | act | дезинформация фейк ложь вранье клевета манипуляция
    инсинуация измышление вымысел выдумка вброс домысел
propaganda | negative | adj | пропагандистский лживый клеветнический голословный надуманный
    сфабрикованный фейковый ложный беспочвенный необоснованный бездоказательный абсурдный
    истерический истеричный бредовый лицемерный циничный
repression | negative | actor | палач мясник тиран деспот диктатор автократ душитель гонитель
    охранка
repression | negative | act | репрессия расправа резня бойня геноцид погром массакр
    чистка тирания деспотия диктатура гонение травля беспредел истязание линчевание
repression | negative | pred | автократия пытка охота
repression | negative | adj | репрессивный кровавый жестокий бесчеловечный варварский
    тоталитарный авторитарный диктаторский деспотический тиранический зверский людоедский
violence | negative | act | кровопролитие
violence | negative | pred | насилие жестокость
separatism | negative | actor | сепаратист мятежник бунтовщик раскольник
separatism | negative | act | мятеж бунт смута
separatism | negative | pred | сепаратизм
separatism | negative | adj | сепаратистский мятежный раскольнический
disorder | negative | actor | погромщик хулиган вандал дебошир
disorder | negative | act | вандализм бесчинство
disorder | negative | pred | хаос беспорядок анархия хулиганство
disorder | negative | adj | хулиганский погромный
incompetence | negative | actor | идиот дурак клоун неудачник бездарь маразматик неуч
incompetence | negative | act | дурость глупость безответственность некомпетентность маразм
incompetence | negative | pred | катастрофа ошибка цирк абсурд позор провал безумие
incompetence | negative | adj | безответственный некомпетентный бездарный позорный катастрофический
    провальный безумный маразматический
dehumanization | negative | actor | нелюдь зверь нечисть отморозок ублюдок подонок мразь выродок
    сволочь негодяй мерзавец варвар изверг упырь
alignment | neutral | adj_actor | пророссийский прозападный проамериканский прокремлевский
    проукраинский проевропейский пропутинский антироссийский антизападный антиамериканский
    антиукраинский проправительственный антиправительственный оппозиционный-нет
illegitimacy | negative | quality | ангажированность предвзятость необъективность
    незаконность неправомерность нелегитимность несправедливость фиктивность надуманность
    необоснованность беспочвенность противоправность неконституционность абсурдность
    лживость лицемерие цинизм фальшь бесчеловечность коррумпированность продажность
    бессмысленность бездоказательность политизированность заказной-нет
peace | positive | actor | миротворец
peace | positive | adj | миротворческий
"""


@dataclass(frozen=True)
class Entry:
    lemma: str
    polarity: str
    category: str
    kind: str

    @property
    def is_noun(self) -> bool:
        return self.kind in NOUN_KINDS

    @property
    def referring(self) -> bool:
        """Labels even in plain reference (not only when predicated)."""
        return self.kind in ("actor", "regime", "act", "adj", "adj_actor", "adj_protest")


def _parse_table() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    lines: list[str] = []
    for raw in _TABLE.strip().splitlines():
        if raw.startswith("    ") and lines:
            lines[-1] += " " + raw.strip()
        elif raw.strip():
            lines.append(raw.strip())
    for line in lines:
        category, polarity, kind, words = (part.strip() for part in line.split("|"))
        assert kind in KINDS, kind
        for w in words.split():
            if w.endswith("-нет"):  # a word considered and left out on purpose
                continue
            entries.setdefault(w, Entry(w, polarity, category, kind))
    return entries


LEXICON: dict[str, Entry] = _parse_table()

# Nouns that an evaluative adjective can turn into a label ("террористическая атака",
# "преступный режим"): people, groups and acts. Abstract nouns ("угроза", "ситуация") are not
# carriers: "террористическая угроза" refers to a danger, it labels no one.
ACTOR_CARRIERS = frozenset("""
группа группировка банда формирование организация движение режим власть правительство человек
люди лицо элемент ячейка сеть подполье клика хунта сила армия войско отряд батальон
подразделение структура партия сторонник активист лидер деятель государство страна союз
коалиция боевик толпа молодчик орда секта клан семья наемник солдат командир наемник вояка
""".split())
ACT_CARRIERS = frozenset("""
атака нападение акт акция операция кампания удар обстрел взрыв преступление действие
деятельность политика заявление обвинение выпад риторика протест митинг демонстрация шествие
выборы голосование референдум решение закон приговор суд процесс дело расправа захват вторжение
война конфликт переворот шаг мера метод задержание арест репрессия смерть гибель убийство
казнь нападки провокация режим характер преследование поступок бомбардировка штурм теракт
восстание бунт мятеж революция
""".split())

# Verbs that label their object with an instrumental complement ("назвал X террористами") or
# with "как" ("рассматривает X как акт агрессии"). The value says which complements count.
LABEL_VERBS: dict[str, str] = {
    "назвать": "ins kak", "называть": "ins kak", "именовать": "ins kak", "наименовать": "ins",
    "окрестить": "ins", "обозвать": "ins", "обзывать": "ins", "величать": "ins",
    "нарекать": "ins", "наречь": "ins", "объявить": "ins", "объявлять": "ins",
    "провозгласить": "ins", "провозглашать": "ins", "признать": "ins kak",
    "признавать": "ins kak", "считать": "ins", "счесть": "ins", "заклеймить": "kak",
    "клеймить": "kak", "квалифицировать": "kak", "охарактеризовать": "kak",
    "характеризовать": "kak", "рассматривать": "kak", "расценивать": "kak",
    "расценить": "kak", "оценить": "kak", "оценивать": "kak", "воспринимать": "kak",
    "воспринять": "kak", "классифицировать": "kak", "трактовать": "kak",
    "представлять": "kak", "представить": "kak", "изображать": "kak",
    "изобразить": "kak", "определить": "kak", "определять": "kak", "называться": "ins",
    "позиционировать": "kak", "преподносить": "kak", "преподнести": "kak",
    "выставлять": "ins kak", "выставить": "ins kak",
    "квалифицироваться": "kak", "расцениваться": "kak", "рассматриваться": "kak",
    "считаться": "ins", "признаваться": "ins kak", "объявляться": "ins", "именоваться": "ins",
    "известный": "kak", "известен": "kak", "оправдывать": "kak", "оправдать": "kak",
}
# Verbs of opinion whose complement labels only when it is evaluative (lexicon).
# "признать X Y-ins" labels with any noun ("признал глифосат фактором появления рака",
# "признан иностранным агентом"); its adjectival complements still need the lexicon.
OPINION_VERBS = frozenset({"считать", "счесть", "считаться", "представлять", "представить",
                           "оценить",
                           "оценивать", "воспринимать", "воспринять", "определить",
                           "определять", "известный", "известен"})
# "представлять" without "как" means something else; "описывать как" describes, not labels.
# Reflexive passives: their subject is the target and the holder is unknown.
PASSIVE_VERBS = frozenset(v for v in LABEL_VERBS if v.endswith(("ся", "сь")))

# Copulas: "X является Y-ins", "X стал Y-ins", "X был Y-ins".
COPULAS = frozenset({"являться", "явиться", "стать", "становиться", "оказаться", "оказываться",
                     "оставаться", "остаться", "быть", "выглядеть", "представлять"})

# Verbs of an event's course: "выборы прошли мирно и честно" evaluates the event.
MANNER_VERBS = frozenset({"пройти", "проходить", "состояться", "протекать", "протечь"})

# Verbs of speech and opinion: the subject holds the labels in the clause they govern.
SPEECH_VERBS = frozenset("""
заявить заявлять сказать говорить сообщить сообщать подчеркнуть подчеркивать отметить отмечать
добавить добавлять написать писать считать полагать утверждать уверять объявить объявлять
пояснить пояснять признать признавать назвать называть обвинить обвинять рассказать
рассказывать указать указывать настаивать заверить заверять напомнить напоминать уточнить
уточнять говориться сообщаться заметить замечать выразить выражать предупредить предупреждать
констатировать высказать высказаться ответить отвечать опровергнуть отрицать думать
расценить расценивать оценить оценивать квалифицировать охарактеризовать характеризовать
рассматривать считаться цитировать процитировать прокомментировать комментировать
пожаловаться жаловаться возмутиться обвинять осудить осуждать раскритиковать критиковать
твердить уверить подтвердить подтверждать признаться призвать призывать передать передавать
заключить заключать
""".split())

# Phrases that attribute what follows to a source: "по словам X", "по мнению X".
ACCORDING_TO = frozenset({"слово", "мнение", "оценка", "данные", "версия", "утверждение",
                          "словам", "мнению", "оценке", "данным", "версии", "утверждению"})

NEGATORS = frozenset({"не", "ни", "никакой", "нисколько", "отнюдь", "вовсе"})
SO_CALLED = ("так называемый", "т.н.", "т. н.")


def _forms(lemma: str, adjective: bool) -> set[str]:
    """All forms of ``lemma``: a noun's lexeme, an adjective's lexeme with its adverb, or for a
    participle used as an adjective ("сфабрикованный") the forms of that participle only."""
    forms = {lemma}
    for p in morph().parse(lemma):
        pos = str(p.tag.POS)
        if adjective and pos == "PRTF" and normal_word(p.word) == lemma:
            forms.update(normal_word(f.word) for f in p.lexeme
                         if f.tag.POS in ("PRTF", "PRTS") and f.tag.voice == p.tag.voice
                         and f.tag.tense == p.tag.tense)
            return forms
        if normal_word(p.normal_form) != lemma:
            continue
        if adjective and pos not in ("ADJF", "ADJS"):
            continue
        if not adjective and pos != "NOUN":
            continue
        forms.update(normal_word(f.word) for f in p.lexeme)
        if adjective:  # the adverb of a predicative adjective: "неправомерно"
            forms.add(lemma[:-2] + "о")
        return forms
    return forms


@lru_cache(maxsize=1)
def form_index() -> dict[str, tuple[Entry, ...]]:
    """Every inflected form of every lexicon lemma -> its entries (built once, ~0.1 s)."""
    index: dict[str, list[Entry]] = {}
    for lemma, entry in LEXICON.items():
        for f in _forms(lemma, entry.kind in ADJ_KINDS):
            lst = index.setdefault(f, [])
            if entry not in lst:
                lst.append(entry)
    return {k: tuple(v) for k, v in index.items()}


def lookup(word: str, kinds: tuple[str, ...] = KINDS) -> Entry | None:
    """The lexicon entry of ``word`` (any inflected form) of one of ``kinds``, or None."""
    w = normal_word(word).strip("«»\"'“”„")
    if not w:
        return None
    index = form_index()
    found = index.get(w)
    if found is None and "-" in w:
        head, tail = w.split("-", 1)
        # "мятежников-хути", but not "фарсов-арлекинад" (a compound of two common nouns)
        if not morph().word_is_known(tail) or tail in index:
            found = index.get(head)
    if not found:
        return None
    for e in found:
        if e.kind in kinds:
            return e
    return None


PROTEST_CARRIERS = frozenset("""
протест акция митинг демонстрация шествие манифестация забастовка пикет собрание демонстрант
протестующий участник выступление
""".split())


def is_carrier(entry: Entry, lemma: str) -> bool:
    """May the adjective ``entry`` label a noun of lemma ``lemma``?"""
    if entry.kind == "adj_protest":
        return lemma in PROTEST_CARRIERS
    if entry.kind == "adj_actor":
        return lemma in ACTOR_CARRIERS or lookup_lemma(lemma, ("actor",)) is not None or \
            role_class(lemma) is not None
    return (lemma in ACTOR_CARRIERS or lemma in ACT_CARRIERS or lemma in PROTEST_CARRIERS
            or lookup_lemma(lemma, ("actor", "act")) is not None
            or role_class(lemma) is not None)


def lookup_lemma(lemma: str, kinds: tuple[str, ...] = KINDS) -> Entry | None:
    e = LEXICON.get(lemma)
    return e if e is not None and e.kind in kinds else None


def size() -> int:
    return len(LEXICON)
