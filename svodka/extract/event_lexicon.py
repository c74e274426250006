"""Trigger lexicon of the events stage: PLOVER type and mode per lemma, with the syntactic
slots that hold the actor and the recipient and the complements a trigger needs.

One line per sense: ``lemmas : TYPE[:mode] options``. Lemmas are pymorphy normal forms
(ё written е; participles lemmatise to their verb). Options:

- ``a=slot,slot`` / ``r=slot,slot``: where the actor / recipient is found (``-``: nowhere).
  Verb slots are *deep* roles, passives already undone: ``subj`` (agent: the subject of an
  active verb, the instrumental agent of a passive), ``obj`` (patient: the object of an active
  verb, the subject of a passive, the noun a passive participle modifies), ``dat`` (bare
  dative), ``pp:PREP`` (a prepositional phrase: ``pp:к``, ``pp:на``, ``pp:с``, ``pp:против``),
  ``side`` ("со стороны X"), ``between`` ("между X и Y"). Noun slots add ``gen`` (bare
  genitive), ``poss`` (possessive: "их нападение"), ``ins`` (bare instrumental: "избиения
  полицейскими").
- ``need=SLOT:l1/l2``: a complement with one of these lemmas must be present (light verbs:
  ``ввести`` + ``need=obj:положение``; ``отправить`` + ``need=pp:в:отставка``); it joins the
  trigger span. ``adv=l1/l2``: an adverb that must modify the trigger. ``amod=l1/l2``: an
  adjective that must modify a noun trigger.
- ``not=l1/l2``: complements (object, genitive, adjective) that cancel the sense ("поддерживать
  отношения" is a state, "подрыв доверия" a figure of speech).
- ``anim``: the patient, when present, must be a person or group (arrest vs "задержать рейс").
- ``ctx=violence|protest``: only in an article that has other violent / protest events (deaths
  and wounds count as ASSAULT only there) and, for violence, not in a sentence about accidents.
- ``subst``: also a trigger when the participle is used as a noun ("о 14 погибших").
- ``frame=…``: the trigger frames another event rather than being one of its own: ``commit``
  (promise, plan, readiness: the content is a future event of its own type), ``offer``,
  ``request``, ``reject``, ``threat`` (the content is suppressed and gives the mode).
- ``content``: a trigger that only counts as the content of a commitment ("пообещал
  перевыборы" is a promised concession).
- More ``need`` slots: ``xcomp``/``xcomp_inf`` (complement), ``ccomp`` (a clause), ``subj``,
  ``subj_ent`` (a named subject), ``gen``/``gen_ent``, ``obj_anim``, ``pp:PREP_anim`` /
  ``pp:PREP_ent``, ``pp:о:label`` and ``label`` (a pejorative label), ``head`` (the noun an
  adjective trigger modifies), ``pred`` (the verb a noun trigger depends on). Slot ``part``
  takes the actor from the joined complement ("прибытие силовиков из Беларуси"); a ``+`` slot
  is added to the first filled one (two-sided fighting).
- Flags checked with the arguments (``events._plausible``): ``party`` (a named or
  institutional participant), ``argued`` (a participant or a political qualifier),
  ``actor_kind``, ``anim_subj``, ``content_only``, ``bare_ref``, ``not_state``; and
  ``dismiss`` (no agent: RETREAT resign), ``neg_only`` ("не пустили"), ``noattr`` (not as an
  attributive participle), ``passive_only``, ``inan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERB_DEFAULT = (("subj",), ("obj",))
NOUN_DEFAULT = (("poss", "side", "ins"), ("gen", "pp:на", "pp:против"))


@dataclass(frozen=True)
class Sense:
    type: str
    mode: str | None = None
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    need: tuple[tuple[str, frozenset[str]], ...] = ()  # (slot, lemmas)
    adv: frozenset[str] = frozenset()
    amod: frozenset[str] = frozenset()
    forbid: frozenset[str] = frozenset()
    anim: bool = False
    ctx: str | None = None
    subst: bool = False
    frame: str | None = None
    content: bool = False
    pos: str = "V"  # V (verbal) or N (nominal)
    lemma: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def conditional(self) -> bool:
        return bool(self.need or self.adv or self.amod)


# --- verbal triggers ----------------------------------------------------------------------
VERBS = r"""
# AGREE: promises, offers, agreement to cooperate
договориться договариваться : AGREE frame=commit r=pp:с actor_kind=1
согласиться соглашаться : AGREE frame=commit r=pp:с,dat actor_kind=1
пообещать обещать : AGREE frame=commit r=dat actor_kind=1
предложить предлагать : AGREE frame=offer r=dat actor_kind=1
намереваться собираться планировать запланировать : AGREE frame=commit content_only=1
выразить выражать : AGREE need=obj:готовность frame=commit

# CONSULT
встретиться встречаться : CONSULT r=pp:с party=1
провести проводить : CONSULT:phone need=obj:разговор/беседа/переговоры amod=телефонный r=pp:с
провести проводить : CONSULT need=obj:переговоры/консультация/встреча/беседа/разговор/саммит/
    совещание r=pp:с
вести : CONSULT need=obj:переговоры r=pp:с
созвониться : CONSULT:phone r=pp:с
позвонить звонить : CONSULT:phone r=dat need=subj_ent:
посетить посещать : CONSULT:visit r=obj need=subj_ent:
обсудить обсуждать : CONSULT r=pp:с need=subj_ent:
принять принимать : CONSULT:visit need=obj:делегация/посол/министр r=obj

# SUPPORT
поддержать поддерживать : SUPPORT not=отношение/связь/контакт/порядок/уровень/форма/температура/
    жизнь/цена/курс/работа/давление/режим/баланс/решение/приговор/постановление
одобрить одобрять : SUPPORT
приветствовать : SUPPORT not=участник/гость/зритель
похвалить хвалить : SUPPORT
поблагодарить благодарить : SUPPORT r=obj
согласовать : SUPPORT noattr=1
подписать подписывать : SUPPORT need=obj:соглашение/договор/меморандум/декларация/коммюнике/
    договоренность/протокол/заявление/пакт/закон/указ/резолюция
принять принимать : SUPPORT need=obj:закон/законопроект/резолюция/поправка/декларация
проголосовать голосовать : SUPPORT need=pp:за:
проголосовать голосовать : REJECT need=pp:против:
выступить выступать : REJECT need=pp:против: r=pp:против
выступить выступать : SUPPORT need=pp:за: r=pp:за
заключить заключать : SUPPORT need=obj:соглашение/договор/союз/пакт/перемирие/мир
признать признавать : SUPPORT need=obj:независимость/суверенитет/легитимность/выборы/результат
выразить выражать : SUPPORT need=obj:поддержка/солидарность/признательность/благодарность/одобрение
    r=dat
сделать делать : SUPPORT need=obj:заявление amod=совместный
установить восстановить : SUPPORT need=obj:отношение/связь/контакт

# CONCEDE
признать признавать : CONCEDE need=obj:вина/ошибка/нарушение/ответственность
признать признавать : CONCEDE need=ccomp:
взять брать : CONCEDE need=obj:вина
извиниться : CONCEDE r=pp:перед
снять : CONCEDE need=obj:обвинение/ограничение/запрет/санкция/блокада r=pp:с
отменить отменять : CONCEDE need=obj:ограничение/запрет/санкция/блокада/режим/положение/приговор/
    решение/закон/указ/повышение
помиловать : CONCEDE r=obj
амнистировать : CONCEDE r=obj
уволить увольнять : CONCEDE r=obj dismiss=1
отправить отправлять : CONCEDE need=pp:в:отставка r=obj dismiss=1
освободить освобождать : CONCEDE need=pp:от:должность/пост r=obj dismiss=1
снять : CONCEDE need=pp:с:должность/пост r=obj dismiss=1
вернуть возвращать снизить снижать заморозить : CONCEDE need=obj:цена/тариф ctx=protest
удовлетворить удовлетворять : CONCEDE need=obj:требование/просьба

# COOPERATE
сотрудничать : COOPERATE r=pp:с
объединить объединять : COOPERATE need=obj:сила/усилие r=pp:с
сформировать создать образовать : COOPERATE need=obj:альянс/коалиция/союз r=pp:с
провести проводить : COOPERATE need=obj:учение amod=совместный
экстрадировать выдать : COOPERATE need=obj_anim: r=dat

# AID
помочь помогать : AID r=dat
оказать оказывать : AID need=obj:помощь/содействие/поддержка r=dat
предоставить предоставлять выделить выделять : AID need=obj:помощь/кредит/убежище/средство/транш/
    грант/оружие r=dat
отправить отправлять направить направлять послать прислать : AID:military need=obj:войско/военный/
    военнослужащий/силовик/миротворец/контингент/подкрепление/солдат r=pp:в
поставить поставлять передать передавать : AID:military need=obj:оружие/вооружение/техника/
    боеприпас r=dat
компенсировать возместить возмещать : AID:economic r=dat
освободить освобождать : AID need=obj:заложник r=obj
спасти спасать : AID r=obj anim
эвакуировать : AID r=obj

# RETREAT
подать подавать уйти уходить : RETREAT:resign need=pp:в:отставка a=subj r=-
покинуть покидать оставить : RETREAT:resign need=obj:пост/должность a=subj r=-
лишиться : RETREAT:resign need=obj:пост/должность/погон/кресло a=subj r=-
сложить : RETREAT:resign need=obj:полномочие a=subj r=-
отстранить отстранять : RETREAT:resign need=pp:от:должность/пост/работа/обязанность a=obj r=-
    passive_only=1
отстранить отстранять : COERCE need=pp:от:власть r=obj
отстранить отстранять : COERCE:restrict r=obj anim
уволиться : RETREAT:resign a=subj r=-
отпустить отпускать выпустить выпускать освободить освобождать : RETREAT:release r=obj anim
выйти выходить : RETREAT:release need=pp:на:свобода a=- r=subj
выйти выходить : RETREAT:release need=pp:из:тюрьма/спецприемник/сизо/колония/заключение a=- r=subj
вывести выводить : RETREAT:withdraw need=obj:войско/сила/контингент/подразделение/военный
отступить отступать : RETREAT:withdraw
разоружиться : RETREAT:disarm
сдать сдавать : RETREAT:disarm need=obj:оружие
пропустить : RETREAT:access need=obj:наблюдатель/гуманитарный/конвой/миротворец
пустить допустить впустить пропустить : COERCE:restrict r=obj neg_only=1 anim

# REQUEST
попросить просить : REQUEST frame=request r=obj,pp:у
обратиться обращаться : REQUEST:assist need=pp:за:помощь/поддержка/содействие frame=request r=pp:к
обратиться обращаться : REQUEST need=pp:с:просьба/призыв/требование/предложение/запрос
    frame=request r=pp:к
обратиться обращаться : REQUEST need=xcomp_inf: frame=request r=pp:к
призвать призывать : REQUEST frame=request r=obj
потребовать требовать : REQUEST:change frame=request r=pp:от,pp:у
ходатайствовать : REQUEST frame=request r=pp:перед
умолять : REQUEST frame=request r=obj
запросить запрашивать : REQUEST frame=request r=pp:у
настаивать настоять : REQUEST:change need=pp:на: frame=request

# ACCUSE
обвинить обвинять : ACCUSE:allege r=obj
заподозрить подозревать : ACCUSE:allege r=obj
осудить осуждать : COERCE:arrest r=obj passive_only=1
осудить осуждать : ACCUSE:disapprove r=obj
пожаловаться жаловаться : ACCUSE:disapprove r=pp:на
возмутиться возмущаться : ACCUSE:disapprove r=dat
привлечь : ACCUSE:allege need=pp:к:ответственность r=obj
раскритиковать критиковать : ACCUSE:disapprove r=obj
упрекнуть упрекать : ACCUSE:disapprove r=obj
возложить возлагать : ACCUSE:allege need=obj:ответственность/вина r=pp:на
обвинить : ACCUSE:allege r=obj
назвать называть : ACCUSE:allege need=label: r=obj
выразить выражать : ACCUSE:disapprove need=obj:протест/недовольство/озабоченность/возмущение/
    обеспокоенность/осуждение/несогласие r=dat
выступить : ACCUSE:disapprove need=pp:с:критика/осуждение/протест r=pp:в
заявить заявлять говорить сообщить : ACCUSE:allege need=pp:о:label
возбудить возбуждать : ACCUSE:investigate need=obj:дело r=pp:против
завести заводить : ACCUSE:investigate need=obj:дело r=pp:на
расследовать : ACCUSE:investigate r=obj
допросить допрашивать : ACCUSE:investigate r=obj
предъявить предъявлять : ACCUSE:allege need=obj:обвинение/претензия/иск r=dat
подать подавать : ACCUSE need=obj:жалоба/иск/апелляция r=pp:на,pp:против
судить : ACCUSE r=obj
вызвать вызывать : ACCUSE:investigate need=pp:на:допрос r=obj
вызвать вызывать : ACCUSE:investigate need=pp:в:полиция/прокуратура/суд/ск/следствие/отдел/
    отделение r=obj
отсудить : SANCTION:convict r=pp:у
обязать обязывать : SANCTION:convict need=xcomp:выплатить/заплатить/компенсировать/возместить/
    выплачивать r=obj

# REJECT
отвергнуть отвергать отклонить отклонять : REJECT frame=reject r=obj
отказаться отказываться : REJECT frame=reject
противостоять : REJECT r=dat
воспротивиться : REJECT r=dat
наложить : REJECT need=obj:вето
бойкотировать : PROTEST:boycott r=obj

# THREATEN
пригрозить угрожать грозить : THREATEN frame=threat r=dat anim_subj=1
действовать : THREATEN adv=жестко/решительно/жестоко/беспощадно
шантажировать : THREATEN r=obj
направить направлять навести наводить : THREATEN:violence need=obj:оружие/пистолет/автомат/ружье
    r=pp:на

# PROTEST
протестовать : PROTEST:demo a=subj r=pp:против
митинговать : PROTEST:demo a=subj r=pp:против
бастовать : PROTEST:strike a=subj
выйти выходить : PROTEST:demo need=pp:на:улица/митинг/акция/демонстрация/площадь/протест/шествие/
    марш
пикетировать : PROTEST:demo r=obj
перекрыть перекрывать блокировать заблокировать : PROTEST:obstruct need=obj:дорога/трасса/шоссе/
    улица/мост/движение ctx=protest
объявить : PROTEST:hunger need=obj:голодовка
совершить : PROTEST need=obj:самосожжение

# SANCTION
заморозить замораживать приостановить приостанавливать разорвать разрывать прервать свернуть :
    SANCTION:discontinue need=obj:контакт/отношение/связь/сотрудничество/переговоры/торговля/
    договор/членство r=pp:с
ввести вводить : SANCTION:discontinue need=obj:санкция/эмбарго/пошлина r=pp:против,dat
выслать высылать : SANCTION:expel need=obj:дипломат/посол/сотрудник r=-
отозвать отзывать : SANCTION:withdraw need=obj:посол/дипломат
исключить исключать : SANCTION:expel need=pp:из:организация/партия/совет/состав r=obj anim
выйти выходить : SANCTION:withdraw need=pp:из:договор/соглашение/организация/союз/альянс/состав/
    коалиция
распасться : SANCTION:discontinue need=subj:альянс/коалиция/союз

# MOBILIZE
мобилизовать : MOBILIZE:troops
перебросить стянуть стягивать развернуть : MOBILIZE:troops need=obj:войско/сила/техника/
    подразделение/военный/контингент
ввести вводить : MOBILIZE:troops need=obj:войско
привести : MOBILIZE:troops need=pp:в:готовность
прийти приходить прибыть нагрянуть : MOBILIZE:police need=subj:полиция/полицейский/силовик/омон/
    спецназ/следователь/росгвардия/сотрудник/ск
стоять : MOBILIZE:police need=subj:полиция/полицейский/силовик/омон/спецназ/следователь
    need=pp:за:дверь
испытать : MOBILIZE:weapons need=obj:ракета/оружие/бомба
запустить : MOBILIZE:weapons need=obj:ракета
сбить : ASSAULT need=obj:самолет/вертолет/беспилотник/дрон/ракета/бпла

# COERCE
арестовать арестовывать : COERCE:arrest r=obj anim
задержать задерживать : COERCE:arrest r=obj anim
посадить сажать : COERCE:arrest need=pp:в:тюрьма r=obj
заключить : COERCE:arrest need=pp:под:стража r=obj
взять брать : COERCE:arrest need=pp:под:стража r=obj
лишить лишать : COERCE:arrest need=obj:свобода r=obj
отправить поместить : COERCE:arrest need=pp:под:арест r=obj
поместить : COERCE:arrest need=pp:в:сизо/изолятор/спецприемник/тюрьма r=obj
приговорить приговаривать : COERCE:arrest r=obj
признать признавать : COERCE:arrest need=xcomp:виновный/виновен r=obj
наказать наказывать : COERCE:arrest r=obj
находиться : COERCE:arrest need=pp:в:тюрьма/заключение/сизо/колония/плен a=- r=subj
составить : COERCE:arrest need=obj:протокол r=pp:на
оштрафовать штрафовать : COERCE:restrict r=obj
наложить : COERCE:arrest need=obj:наказание/взыскание r=pp:на,dat
наложить : COERCE:restrict need=obj:штраф/арест/запрет r=pp:на
назначить : COERCE:restrict need=obj:штраф r=dat
запретить запрещать : SANCTION:discontinue need=obj:ввоз/импорт/экспорт/вывоз/поставка/полет r=-
запретить запрещать : COERCE:restrict r=dat,obj

ограничить ограничивать : COERCE:restrict r=obj
изолировать : COERCE:restrict r=obj
оцепить : COERCE:restrict r=obj
закрыть закрывать : COERCE:restrict need=obj:вход/въезд/граница/доступ/территория/проход/аэропорт/
    дорога
закрыть закрывать : COERCE:censor need=obj:газета/телеканал/сайт/издание/редакция/сми
закрыть закрывать : SANCTION:discontinue need=obj:посольство/консульство/представительство
заблокировать блокировать : COERCE:censor need=obj:сайт/ресурс/мессенджер/соцсеть/доступ/канал/
    аккаунт/телеграм
приостановить приостанавливать прекратить : COERCE:censor need=obj:вещание/работа/деятельность/
    выпуск
лишить лишать : COERCE:restrict need=obj:доступ/право/мандат/гражданство/лицензия/аккредитация/
    полномочие/свобода r=obj
приостановить приостанавливать : COERCE:restrict need=obj:полномочие/деятельность r=gen
приостановить приостанавливать : SANCTION:discontinue need=obj:членство/участие r=gen
отказать : COERCE:ban need=pp:в:регистрация/аккредитация r=dat
объявить объявлять признать признавать : COERCE:ban need=xcomp:террористический/экстремистский/
    нежелательный r=obj
отключить отключать : COERCE:withhold need=obj:интернет/связь/электричество/свет/газ/вода/
    электроэнергия/отопление/сеть
ввести вводить объявить : COERCE:martial-law need=obj:положение
ввести вводить : COERCE:restrict need=obj:режим
ввести вводить объявить : COERCE:curfew need=obj:комендантский/час
ввести вводить : COERCE:restrict need=obj:ограничение/запрет/карантин
обыскать : COERCE:seize r=obj
конфисковать изъять изымать : COERCE:seize r=obj,pp:у
перехватить перехватывать : COERCE:seize need=obj:судно/корабль/груз/оружие/партия/самолет/танкер/
    яхта r=obj
захватить захватывать : COERCE:seize r=obj not=заложник
взять брать : COERCE:seize need=pp:под:контроль r=obj
похитить похищать : COERCE:seize r=pp:у inan
депортировать : COERCE:deport r=obj
выслать высылать : COERCE:deport r=obj anim
выдворить : COERCE:deport r=obj
свергнуть свергать : COERCE r=obj
вынудить вынуждать заставить заставлять : COERCE r=obj anim
преследовать : COERCE r=obj anim
разогнать разгонять : ASSAULT:crowd-control r=obj
подавить подавлять : ASSAULT r=obj

# ASSAULT
напасть нападать : ASSAULT r=pp:на
атаковать : ASSAULT r=obj
обстрелять обстреливать : ASSAULT r=obj
вести : ASSAULT need=obj:бой/обстрел a=subj,+pp:с r=pp:по
открыть : ASSAULT:firearms need=obj:огонь/стрельба r=pp:по
нанести наносить : ASSAULT need=obj:удар/авиаудар r=pp:по
нанести наносить : ASSAULT need=obj:ранение/ущерб/увечье r=dat
убить убивать : ASSAULT r=obj
застрелить расстрелять : ASSAULT:firearms r=obj
выстрелить стрелять : ASSAULT:firearms r=pp:в,pp:по
зарезать заколоть : ASSAULT:primitive r=obj
ранить : ASSAULT r=obj
избить избивать : ASSAULT:beat r=obj
пытать : ASSAULT:torture r=obj
изнасиловать : ASSAULT:sexual r=obj
взорвать взрывать подорвать : ASSAULT:explosives r=obj not=доверие/авторитет/репутация/экономика/
    позиция/здоровье/целостность
бомбить : ASSAULT:aerial r=obj
протаранить таранить : ASSAULT r=obj
бросить бросать метнуть кинуть : ASSAULT:explosives need=obj:граната/бомба/взрывчатка r=pp:в,pp:по
бросить бросать метнуть кинуть : ASSAULT:primitive need=obj:коктейль/камень/бутылка r=pp:в,pp:по
поджечь : ASSAULT:primitive r=obj
штурмовать : ASSAULT r=obj
ворваться врываться : COERCE:seize need=subj:полиция/полицейский/силовик/омон/спецназ/следователь/
    росгвардия/сотрудник/военный/солдат r=pp:в
ворваться врываться : ASSAULT r=pp:в
разгромить громить : ASSAULT:destroy r=obj
уничтожить уничтожать : ASSAULT:destroy r=obj anim_or_place
воевать : ASSAULT r=pp:против,pp:с
сражаться : ASSAULT a=subj,+pp:с r=pp:против
вторгнуться : ASSAULT r=pp:в
погибнуть : ASSAULT a=- r=subj ctx=violence subst bare_ref=1
получить : ASSAULT need=obj:ранение/травма/увечье a=- r=subj ctx=violence
подвергнуться подвергаться : ASSAULT need=obj:нападение/насилие/избиение/пытка/обстрел/атака
    a=side,ins r=subj
похитить похищать : ASSAULT:abduct r=obj anim
взять : ASSAULT:abduct need=pp:в:заложник/плен r=obj
захватить : ASSAULT:abduct need=obj:заложник r=obj
врезаться : ASSAULT:suicide-attack need=subj:смертник r=pp:в
попасть попадать : ASSAULT need=subj:ракета/снаряд/бомба/мина/пуля r=pp:в
выпустить выпускать : ASSAULT:heavy-weapons need=obj:ракета/снаряд/мина r=pp:по
столкнуться сталкиваться : ASSAULT a=subj,+pp:с r=- need=pp:с:полиция/полицейский/демонстрант/
    протестующий/силовик/военный/боевик/сторонник/противник/армия/войско/ополченец
"""

# --- nominal triggers ---------------------------------------------------------------------
NOUNS = r"""
# CONSULT
переговоры : CONSULT a=gen,poss,between r=pp:с
разговор : CONSULT:phone amod=телефонный a=gen,poss r=pp:с
встреча : CONSULT a=gen,poss,between r=pp:с party=1 not=избиратель/выпускник/болельщик/читатель/
    зритель/житель
визит : CONSULT:visit a=gen,poss r=pp:в need=gen_ent:
поездка : CONSULT:visit a=gen,poss r=pp:в need=pp:в_ent:
саммит : CONSULT:multilateral a=gen
конференция : CONSULT a=gen r=-
консультация : CONSULT a=gen,poss,between r=pp:с
совещание : CONSULT a=gen
созыв : CONSULT need=gen:совещание/саммит/совет a=-

# SUPPORT
поддержка : SUPPORT a=gen,poss,side r=dat not=курс/кислородный/технический/медицинский/
    информационный/техподдержка argued=1
одобрение : SUPPORT a=gen,poss
признательность благодарность : SUPPORT a=poss r=dat
заявление : SUPPORT amod=совместный a=gen,poss
коммюнике : SUPPORT amod=совместный a=gen,poss
соглашение : SUPPORT amod=компромиссный/мирный/двусторонний a=gen,between r=pp:с
подписание : SUPPORT need=gen:соглашение/договор/меморандум/декларация/коммюнике a=-

# CONCEDE
амнистия : CONCEDE a=gen,poss
помилование : CONCEDE r=gen
уступка : CONCEDE a=gen,poss r=dat
извинение : CONCEDE a=gen,poss r=pp:перед
перевыборы : CONCEDE content
реформа : CONCEDE content
увольнение : CONCEDE a=side,ins r=gen,poss dismiss=1
признание : CONCEDE need=gen:вина/ошибка/преступление/нарушение a=ins,side
снятие : CONCEDE need=gen:обвинение/ограничение/запрет/санкция a=ins,side r=pp:с

# COOPERATE
сотрудничество : COOPERATE a=gen,between r=pp:с not=деловой
альянс : COOPERATE need=pp:с: a=gen,poss r=pp:с
учение : COOPERATE:military amod=совместный a=gen,poss
экстрадиция : COOPERATE r=gen

# AID
помощь : AID a=gen,poss,side r=dat not=медицинский/правовой/юридический/скорый/психологический/
    первый argued=1
гуманитарка : AID a=gen
поставка : AID:military need=gen:оружие/вооружение/техника/боеприпас a=gen r=dat
прибытие : AID:military need=gen:силовик/войско/военный/миротворец/подкрепление/военнослужащий/
    контингент a=part r=pp:в
эвакуация : AID a=-
спасение : AID r=gen

# RETREAT
отставка : RETREAT:resign a=gen,poss r=- not_state=1
освобождение : RETREAT:release a=side,ins r=gen,poss anim
вывод : RETREAT:withdraw need=gen:войско/сила/контингент/подразделение/военный a=gen r=-
перемирие : RETREAT:ceasefire a=between,gen r=pp:с
прекращение : RETREAT:ceasefire need=gen:огонь a=-

# REQUEST
просьба : REQUEST frame=request a=gen,poss r=pp:к
требование : REQUEST:change frame=request a=gen,poss r=pp:к not=безопасность/закон/санитарный/
    технический
призыв : REQUEST frame=request a=gen,poss r=pp:к
запрос : REQUEST frame=request a=gen,poss r=pp:к
ходатайство : REQUEST frame=request a=gen,poss r=pp:к

# ACCUSE
обвинение : ACCUSE:allege a=gen,poss,side,pp:из r=pp:против,pp:в_адрес not=государственный
подозрение : ACCUSE:allege a=gen r=pp:в
осуждение : ACCUSE:disapprove a=gen,poss,side r=gen
критика : ACCUSE:disapprove a=gen,poss,side r=pp:в_адрес
озабоченность обеспокоенность : ACCUSE:disapprove a=gen,poss
расследование : ACCUSE:investigate a=gen,poss r=pp:против
следствие : ACCUSE:investigate need=pred:продолжаться/идти/вестись/начаться a=-
дело : ACCUSE:investigate amod=уголовный/административный need=pred:возбудить/возбуждать/завести/
    заводить/открыть/начать a=- r=pp:против
допрос : ACCUSE:investigate r=pp:на
иск : ACCUSE a=gen,poss r=pp:к,pp:против
жалоба : ACCUSE a=gen,poss r=pp:на
суд : ACCUSE need=pp:над: a=- r=pp:над
процесс : ACCUSE amod=судебный a=- r=pp:над,pp:против
слушание : ACCUSE need=gen:дело a=- r=gen
следственный : ACCUSE:investigate need=head:действие a=-

# REJECT
отказ : REJECT frame=reject a=gen,poss r=dat
вето : REJECT a=gen

# THREATEN
угроза : THREATEN need=pp:в_адрес: a=gen,poss r=pp:в_адрес
ультиматум : THREATEN a=gen,poss r=dat

# PROTEST
протест : PROTEST:demo a=gen,poss r=pp:против not=нота
акция : PROTEST:demo a=gen,poss r=pp:против need=gen:протест
акция : PROTEST:demo a=gen,poss r=pp:против ctx=protest
митинг : PROTEST:demo a=gen,poss r=pp:против
демонстрация : PROTEST:demo a=gen,poss r=pp:против not=сила/мощь/товар/фильм/возможность/модель
манифестация : PROTEST:demo a=gen,poss r=pp:против
шествие : PROTEST:demo a=gen,poss r=pp:против
марш : PROTEST:demo a=gen,poss r=pp:против
пикет : PROTEST:demo a=gen,poss r=pp:против
забастовка стачка : PROTEST:strike a=gen,poss r=pp:против
голодовка : PROTEST:hunger a=gen,poss
бойкот : PROTEST:boycott a=gen,poss r=dat
беспорядок беспорядки : PROTEST:riot amod=массовый/уличный
беспорядок беспорядки : PROTEST:riot ctx=protest
бунт мятеж : PROTEST:riot a=gen
восстание : PROTEST a=gen
волнение волнения : PROTEST amod=общественный/массовый/народный/социальный/студенческий/уличный
выступление : PROTEST:demo amod=массовый/протестный/антиправительственный/уличный a=gen
самосожжение : PROTEST a=gen
евромайдан майдан : PROTEST:demo a=-

# SANCTION
санкция : SANCTION:discontinue a=gen,poss r=pp:против,dat
эмбарго : SANCTION:discontinue a=gen r=pp:на,pp:против
заморозка : SANCTION:discontinue need=gen:контакт/отношение/связь/сотрудничество/переговоры a=gen
    r=pp:с
разрыв : SANCTION:discontinue need=gen:отношение/связь/контакт a=gen r=pp:с
высылка : SANCTION:expel need=gen:дипломат/посол a=-
закрытие : SANCTION:discontinue need=gen:посольство/консульство/представительство a=- r=-

# MOBILIZE
операция : MOBILIZE:police amod=антитеррористический/контртеррористический/специальный/силовой/
    полицейский a=gen
спецоперация : MOBILIZE:police a=gen
контртеррористический антитеррористический : MOBILIZE:police need=head:режим/операция a=-
мобилизация : MOBILIZE:troops a=gen
рейд : MOBILIZE:police a=gen,poss
учение : MOBILIZE:troops amod=военный/военно-морской/стратегический/командно-штабной/ядерный a=gen
испытание : MOBILIZE:weapons need=gen:ракета/оружие/бомба/боеголовка a=gen
испытание : MOBILIZE:weapons amod=ракетный/ядерный a=gen
запуск пуск : MOBILIZE:weapons need=gen:ракета a=gen
патрулирование : MOBILIZE:police a=gen

# COERCE
арест : COERCE:arrest a=side,ins r=gen,poss
задержание : COERCE:arrest a=side,ins r=gen,poss
заключение : COERCE:arrest need=pp:под:стража a=- r=gen
тюрьма : COERCE:arrest need=pred:находиться/сидеть/провести/отбывать a=- r=subj
приговор : COERCE:arrest a=gen r=dat
штраф : COERCE:restrict a=- r=dat
запрет : COERCE:restrict a=gen,poss r=pp:на,dat
ограничение : COERCE:restrict need=gen:право/свобода/доступ/передвижение/въезд a=gen r=-
ограничение : COERCE:restrict amod=введенный/жесткий/карантинный a=gen r=gen
установка : COERCE:restrict need=gen:рамка/металлоискатель/блокпост/ограждение a=- r=-
обыск : COERCE:seize a=side r=pp:у,pp:в
изъятие конфискация : COERCE:seize a=side r=pp:у
захват : COERCE:seize a=side,ins,poss r=gen not=заложник
похищение : COERCE:seize a=side,ins r=gen inan
депортация : COERCE:deport a=side r=gen
высылка : COERCE:deport a=side r=gen anim
репрессия : COERCE a=gen r=pp:против
кампания : COERCE amod=репрессивный/карательный a=side,ins r=pp:против,gen
переворот : COERCE a=gen r=pp:против
свержение : COERCE a=side,ins r=gen
блокада : COERCE:restrict a=side,ins r=gen
осада : COERCE:restrict a=side,ins r=gen
цензура : COERCE:censor a=gen
отключение : COERCE:withhold need=gen:интернет/связь/электричество/свет/газ/вода/электроэнергия/
    отопление a=-
комендантский : COERCE:curfew need=head:час a=-
положение : COERCE:martial-law amod=чрезвычайный/военный need=pred:ввести/вводить/объявить/
    действовать a=-
преследование : COERCE a=gen,side r=gen anim
давление : COERCE need=pp:на: a=gen,side r=pp:на amod=политический/силовой

# ASSAULT
нападение : ASSAULT a=gen,poss,side r=pp:на,pp:против
атака : ASSAULT a=gen,poss,side r=pp:на,pp:против not=хакерский/кибер
бой : ASSAULT a=gen,between,+pp:с r=pp:за
сражение : ASSAULT a=gen,between,+pp:с r=pp:за
столкновение : ASSAULT a=gen,between,+pp:с r=- not=автомобиль/поезд/самолет/судно/машина/автобус/
    грузовик/интерес/мнение
драка : ASSAULT a=gen,between,+pp:с r=-
перестрелка : ASSAULT:firearms a=gen,between,+pp:с r=-
стрельба : ASSAULT:firearms a=gen r=pp:по,pp:в
выстрел : ASSAULT:firearms a=gen r=pp:по,pp:в
обстрел : ASSAULT a=side,ins r=gen,pp:по
взрыв : ASSAULT:explosives a=- r=- not=газ/метан/бытовой/котел/баллон/смех/негодование/возмущение/
    цена/интерес
теракт : ASSAULT a=gen r=pp:против,pp:на
бомбардировка : ASSAULT:aerial a=side,ins r=gen
авиаудар : ASSAULT:aerial a=gen r=pp:по
удар : ASSAULT amod=ракетный/авиационный/воздушный/артиллерийский/ядерный/превентивный/ответный
    a=gen r=pp:по
убийство : ASSAULT a=side,ins r=gen,poss
расстрел : ASSAULT:firearms a=side,ins r=gen
покушение : ASSAULT:assassinate r=pp:на a=gen need=pp:на_anim:
ранение : ASSAULT a=- r=gen ctx=violence
гибель : ASSAULT a=- r=gen,poss ctx=violence
избиение : ASSAULT:beat a=ins,side r=gen,poss
пытка : ASSAULT:torture a=side,ins r=gen
насилие : ASSAULT a=gen r=pp:над,pp:против not=домашний
изнасилование : ASSAULT:sexual a=side,ins r=gen
расправа : ASSAULT a=gen,ins r=pp:над
подавление : ASSAULT a=ins,side r=gen
разгон : ASSAULT:crowd-control a=ins,side r=gen
поджог : ASSAULT:primitive a=side,ins r=gen
штурм : ASSAULT a=side,ins r=gen
вторжение : ASSAULT a=gen,poss r=pp:в,pp:на
война : ASSAULT a=between,gen r=pp:с,pp:против not=торговый/информационный/санкционный/холодный/
    ценовой/гражданский_мир
боевой : ASSAULT need=head:действие a=-
резня бойня кровопролитие : ASSAULT a=gen
похищение : ASSAULT:abduct a=side,ins r=gen anim
захват : ASSAULT:abduct need=gen:заложник a=gen
уничтожение : ASSAULT:destroy a=ins,side r=gen
погром : ASSAULT:destroy a=gen
"""

# words that make a sentence about accidents, illness or nature, not violence
ACCIDENT_WORDS = frozenset("""
дтп авария катастрофа крушение пожар землетрясение наводнение ураган шторм болезнь
заболевание инфаркт инсульт приступ коронавирус вирус covid отравление утонуть тонуть
разбиться столкнуться опрокинуться обрушение обрушиться лавина сель цунами тайфун смерч
передозировка рак онкология диабет грипп эпидемия пандемия крушение самолет вертолет
автобус поезд автомобиль грузовик
""".split())

# security forces: subjects of MOBILIZE police motion verbs, also "силовик" groups
SECURITY_WORDS = frozenset("""
полиция полицейский силовик омон спецназ следователь росгвардия армия военный войско
солдат военнослужащий карабинер жандарм спецслужба нацгвардия гвардеец
""".split())

# pejorative labels ("назвал протестующих террористами" is an accusation)
LABEL_STEMS = (
    "террор", "агресс", "преступ", "диктат", "мошенн", "провокац", "ложь", "лжив", "фейк",
    "банд", "экстрем", "фашис", "нацис", "убийц", "оккупант", "захватчик", "нарушен",
    "позор", "абсурд", "клевет", "истери", "русофоб", "вор", "коррупц", "враг", "вражеск",
    "преступн", "незакон", "неправомер", "фальсиф", "подлог", "хунт", "марионет", "предат",
    "изменник", "шпион", "бандит", "головорез", "экстремист", "сепаратист", "радикал",
    "катастроф", "произвол", "беззакон", "геноцид", "репресс", "диверс", "саботаж",
)

# governments and collective actors whose genitive country stands for the state ("власти
# Турции" -> Турция as the actor)
STATE_NOUNS = frozenset("""
власть правительство руководство режим кабинет администрация армия войско сила
""".split())

# light and aspectual verbs that lend their subject to the nominal event they govern
SUPPORT_VERBS = frozenset("""
провести проводить совершить совершать устроить устраивать организовать организовывать
осуществить осуществлять начать начинать продолжить продолжать вести нанести наносить
предпринять учинить возобновить инициировать объявить объявлять отдать отдавать принять
участвовать продлить усилить
""".split())

# verbs whose subject is the victim of the nominal event they govern
UNDERGO_VERBS = frozenset("подвергнуться подвергаться стать получить".split())

# verbs that continue an event named before ("они распространились на все города")
CONTINUATION_VERBS = frozenset("""
распространиться распространяться продолжиться продолжаться перерасти перерастать
охватить охватывать усилиться усиливаться возобновиться возобновляться вспыхнуть
""".split())


# --- word classes used by detection and argument rules ------------------------------------
POSSESSIVE = {"его", "ее", "её", "их", "мой", "наш", "ваш", "твой", "свой"}
LOC_PREPS = {"в", "на", "под", "около", "возле", "близ", "вблизи", "у", "по", "недалеко_от",
             "в_район", "в_районе"}
PLACE_NOUNS = frozenset("""
город село деревня поселок улица площадь страна регион район область республика столица
граница территория провинция округ штат край пригород окрестность квартал центр станица
аул кишлак берег остров побережье
""".split())
OBJECT_CONTROL = {"просить", "попросить", "призвать", "призывать", "заставить", "заставлять",
                   "вынудить", "вынуждать", "убедить", "убеждать", "умолять", "обратиться",
                   "обращаться", "предложить", "предлагать", "поручить", "приказать"}
# members and units that stand for their organisation ("сотрудники КГБ", "подразделение ВДВ")
MEMBER_NOUNS = frozenset("""
сотрудник представитель подразделение отряд боец член глава руководство силы военнослужащий
спецназ служба штаб пресс-служба пресс-секретарь делегация контингент части часть ведомство
""".split())
FRAME_NOUNS = {"право", "возможность", "намерение", "готовность", "план", "решение",
                "попытка", "обещание", "предложение", "призыв", "требование", "просьба",
                "приказ", "указание", "цель", "задача"}
QUANTITY = {"сотня", "тысяча", "десяток", "ряд", "группа", "часть", "множество", "большинство",
             "число", "толпа", "несколько", "сотни", "тысячи", "десятки", "миллион"}
ACCUSING = {"обвинить", "обвинять", "подозревать", "заподозрить", "упрекнуть", "упрекать",
             "уличить", "обвинение", "подозрение", "обвиненный", "подозреваемый"}
EXPERIENCER = {"удаться", "удаваться", "прийтись", "приходиться", "предстоять", "суметь"}
PARTICIPATION = {"участие", "участвовать", "соучастие", "соучаствовать"}
LIGHT_NOUNS = {"акт", "акция", "волна", "серия", "вспышка", "всплеск", "череда", "эскалация",
                "попытка", "ряд"}
ORDER_NOUNS = {"приказ", "распоряжение", "указ", "решение", "команда", "указание",
                "постановление", "план"}
PROTESTERS = {"протестующий", "протестовать", "демонстрант", "митингующий", "митинговать",
               "манифестант", "забастовщик", "бастовать", "бастующий"}
WEAPON_MODES = (
    ({"смертник", "смертница", "шахид"}, "suicide-attack"),
    ({"взрывчатка", "бомба", "граната", "мина", "сву", "взрывной", "заминировать",
      "заминированный", "взрывчатый", "тротил"}, "explosives"),
    ({"миномет", "минометный", "артиллерия", "артиллерийский", "танк", "гаубица", "град",
      "рсзо", "ракетный", "снаряд"}, "heavy-weapons"),
    ({"беспилотник", "дрон", "бпла", "беспилотный"}, "drone"),
    ({"авиаудар", "авиация", "бомбардировщик", "авианалет", "истребитель"}, "aerial"),
    ({"автомат", "пистолет", "винтовка", "огнестрельный", "стрельба", "выстрел", "пуля",
      "ружье", "перестрелка", "застрелить", "расстрелять"}, "firearms"),
    ({"нож", "ножевой", "мачете", "топор", "камень", "арматура", "вооруженный_ножом"},
     "primitive"),
    ({"дубинка", "бита", "кулак"}, "beat"),
)
POLITICAL_AMOD = {"военный", "гуманитарный", "финансовый", "политический", "дипломатический",
                   "экономический", "международный", "материальный", "военно-техническая",
                   "продовольственный", "техническая"}
INSTITUTIONS = STATE_NOUNS | SECURITY_WORDS | {
    "сторона", "партия", "министерство", "ведомство", "парламент", "оппозиция", "страна",
    "государство", "организация", "компания", "суд", "совет", "комитет", "делегация",
    "альянс", "союз", "коалиция", "группировка", "движение", "президент", "премьер",
    "премьер-министр", "министр", "лидер", "глава", "руководитель", "депутат", "сенатор",
    "политик", "дипломат", "посол", "делегат", "представитель", "чиновник", "оппозиционер",
    "мэр", "губернатор", "канцлер", "госсекретарь", "генсек", "генеральный", "власть"}
SEQUENCE = {"затем", "потом", "позже", "позднее", "впоследствии"}
COOPERATIVE = {"AGREE", "SUPPORT", "CONCEDE", "RETREAT", "AID", "COOPERATE"}
CASUALTY = {"погибнуть", "гибель", "ранение", "ранить", "получить", "пострадать"}
LEGAL_FRAME = {"статья", "пункт", "часть", "подозрение", "обвинение", "ст", "коап", "ук",
                "кодекс", "правило", "нарушение"}
PARTICIPANT_NOUNS = {"участник", "участница", "организатор", "зачинщик"}
MEASURE_NOUNS = {"сумма", "размер", "уплата", "оплата", "выплата", "стоимость"}
LAW_SUBJECTS = {"закон", "законодательство", "правило", "конституция", "кодекс", "устав",
                 "норма", "порядок", "поправка", "постановление", "указ",
                 "ограничение", "договор", "статья", "регламент"}
LABEL_VERBS = {"назвать", "называть", "рассматривать", "расценить", "расценивать", "считать",
                "квалифицировать", "охарактеризовать", "характеризовать"}
RESTORE = {"вернуть", "возвращать", "восстановить", "восстанавливать", "возобновить",
            "возобновлять", "включить", "включать"}

def _parse_options(words: list[str], pos: str) -> dict[str, object]:
    opts: dict[str, object] = {}
    need: list[tuple[str, frozenset[str]]] = []
    for w in words:
        if "=" not in w:
            opts[w] = True
            continue
        key, value = w.split("=", 1)
        if key == "need":
            slot, _, lemmas = value.rpartition(":")
            if not slot:  # "need=xcomp:" -> slot "xcomp", any lemma
                slot, lemmas = lemmas, ""
            need.append((slot, frozenset(x for x in lemmas.split("/") if x)))
        else:
            opts[key] = value
    opts["need"] = tuple(need)
    return opts


def _slots(value: object, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    if value == "-":
        return ()
    return tuple(str(value).split(","))


def parse_table(table: str, pos: str) -> dict[str, list[Sense]]:
    """Read one lexicon table into lemma -> senses (conditional senses first)."""
    out: dict[str, list[Sense]] = {}
    default = VERB_DEFAULT if pos == "V" else NOUN_DEFAULT
    lines: list[str] = []
    for raw in table.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if line.startswith("    ") and lines:  # continuation of a long sense line
            glue = "" if lines[-1].endswith(("/", ",")) else " "
            lines[-1] += glue + line.strip()
        elif line.strip():
            lines.append(line.strip())
    for line in lines:
        lemmas, _, rest = line.partition(" : ")
        words = rest.split()
        typ, _, mode = words[0].partition(":")
        opts = _parse_options(words[1:], pos)
        extra = {k: str(v) for k, v in opts.items()
                 if k not in ("a", "r", "need", "adv", "amod", "not", "anim", "ctx", "subst",
                              "frame", "content")}
        for lemma in lemmas.split():
            sense = Sense(
                type=typ, mode=mode or None,
                actor=_slots(opts.get("a"), default[0]),
                recipient=_slots(opts.get("r"), default[1]),
                need=opts["need"],  # type: ignore[arg-type]
                adv=frozenset(str(opts.get("adv", "")).split("/")) - {""},
                amod=frozenset(str(opts.get("amod", "")).split("/")) - {""},
                forbid=frozenset(str(opts.get("not", "")).split("/")) - {""},
                anim=bool(opts.get("anim")), ctx=opts.get("ctx"),  # type: ignore[arg-type]
                subst=bool(opts.get("subst")), frame=opts.get("frame"),  # type: ignore[arg-type]
                content=bool(opts.get("content")), pos=pos, lemma=lemma, extra=extra)
            out.setdefault(lemma, []).append(sense)
    for senses in out.values():
        senses.sort(key=lambda s: not s.conditional)
    return out


VERB_SENSES = parse_table(VERBS, "V")
NOUN_SENSES = parse_table(NOUNS, "N")


def is_label(lemma: str) -> bool:
    """A pejorative label word ("террорист", "агрессия", "мошенничество")."""
    return any(lemma.startswith(s) or s in lemma for s in LABEL_STEMS)


def trigger_lemmas() -> frozenset[str]:
    """Every lemma that can trigger an event (for corpus checks)."""
    return frozenset(VERB_SENSES) | frozenset(NOUN_SENSES)
