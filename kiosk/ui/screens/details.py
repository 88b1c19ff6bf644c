"""The details screen: birth date (era or Western year), the two electronic certificates, braille.

Two steps, each target large. The birth date: a strip of its three fields (year, month, day; each shows its value
and can be tapped to change it) above the picker of the field being filled; a field that is complete moves on
by itself (four Western digits, an era year no further digit could extend, a month, a day). Then the choices:
both certificates preselected as recommended (one tap to change), and the braille answer, which sends the
details on (no separate 「入力を終える」). The flow re-checks everything it is sent.
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow import birthdate
from kiosk.flow.session import Details
from kiosk.ui.screens.base import Screen, label
from kiosk.ui.widgets.buttons import big_button
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.pictures import ChoiceSign

PAGES = ("year", "month", "day", "choices")
DATE_PAGES = PAGES[:3]
ERA_KEYS = ("western", "meiji", "taisho", "showa", "heisei", "reiwa")
# The certificates start as recommended (the question says so); braille has no default: its answer moves on.
CROWDED_H = 900  # px: below this, in large text, the choices show no signs
RECOMMENDED: dict[str, bool | None] = {"signature": True, "user": True, "braille": None}


class DetailsScreen(Screen):
    state_id = "details"

    def build(self) -> None:
        self.era = "western"
        self.month = 0
        self.day = 0
        self.choice: dict[str, bool | None] = dict(RECOMMENDED)
        self.pages = QStackedWidget(self)
        self.question = label("subtitle", self)
        self.message = label("message", self)
        self.body.addWidget(self.question)
        strip = QWidget(self)
        strip_row = QHBoxLayout(strip)
        strip_row.setContentsMargins(0, 0, 0, 0)
        self.field_buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(DATE_PAGES):
            button = big_button(f"details_field_{key}", "field", strip)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, i=index: self._go_to(i))
            self.field_buttons[key] = button
            strip_row.addWidget(button)
        self.date_strip = strip
        self.body.addWidget(strip)
        self.body.addWidget(self.pages, 1)
        self.body.addWidget(self.message)

        # year: era buttons and a keypad
        page = QWidget(self.pages)
        row = self.flex_row(page)
        eras = QGridLayout()
        self.era_buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(ERA_KEYS):
            button = big_button(f"details_era_{key}", "secondary", page)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=key: self._set_era(k))
            self.era_buttons[key] = button
            eras.addWidget(button, i // 2, i % 2)
        left = QVBoxLayout()
        left.addLayout(eras)
        self.year_display = label("big", page, center=True)
        left.addWidget(self.year_display)
        left.addStretch(1)
        self.year_keypad = Keypad("details", 4, page)
        self.year_keypad.text_changed.connect(lambda _t: self._on_year_typed())
        row.addLayout(left, 3)
        row.addWidget(self.year_keypad, 2)
        self.pages.addWidget(page)

        # month
        page = QWidget(self.pages)
        grid = QGridLayout(page)
        self.month_grid = grid
        self.month_buttons = []
        for m in range(1, 13):
            button = big_button(f"details_month_{m}", "key", page)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, v=m: self._set_month(v))
            self.month_buttons.append(button)
            grid.addWidget(button, (m - 1) // 4, (m - 1) % 4)
        self.pages.addWidget(page)

        # day
        page = QWidget(self.pages)
        grid = QGridLayout(page)
        self.day_grid = grid
        self.day_buttons = []
        for d in range(1, 32):
            button = big_button(f"details_day_{d}", "key", page)
            button.setCheckable(True)
            button.setText(str(d))
            button.clicked.connect(lambda _c=False, v=d: self._set_day(v))
            self.day_buttons.append(button)
            grid.addWidget(button, (d - 1) // 8, (d - 1) % 8)  # four rows: fits the low-reach two thirds
        self.pages.addWidget(page)

        # certificates
        page = QWidget(self.pages)
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)  # three questions and their answers: tight, so large text fits 1024x768
        self.signature_text = label("body", page)
        self.signature_yes = self._choice_button("details_signature_yes", "signature", True, page)
        self.signature_no = self._choice_button("details_signature_no", "signature", False, page)
        self.user_text = label("body", page)
        self.user_yes = self._choice_button("details_user_yes", "user", True, page)
        self.user_no = self._choice_button("details_user_no", "user", False, page)
        # braille: the last choice, which moves on
        self.braille_text = label("body", page)
        self.braille_yes = self._choice_button("details_braille_yes", "braille", True, page)
        self.braille_no = self._choice_button("details_braille_no", "braille", False, page)
        self.braille_note = label("note", page)
        # each question beside its sign: what the certificate is for, at a glance
        self.choice_signs: list[ChoiceSign] = []
        for kind, text, yes, no in (("signature", self.signature_text, self.signature_yes, self.signature_no),
                                    ("user", self.user_text, self.user_yes, self.user_no),
                                    ("braille", self.braille_text, self.braille_yes, self.braille_no)):
            card = QFrame(page)  # each question on its card
            card.setObjectName("card")
            question = QHBoxLayout(card)
            question.setContentsMargins(8, 0, 8, 0)
            sign = ChoiceSign(kind, card)
            sign.setObjectName(f"details_{kind}_sign")
            self.choice_signs.append(sign)
            question.addWidget(sign)
            words = QVBoxLayout()
            words.setSpacing(0)
            words.addStretch(1)
            words.addWidget(text)
            pair = QHBoxLayout()
            pair.addWidget(yes)
            pair.addWidget(no)
            words.addLayout(pair)
            words.addStretch(1)
            question.addLayout(words, 1)
            col.addWidget(card, 1)
        col.addWidget(self.braille_note)
        self.pages.addWidget(page)

        self.back = big_button("details_back", "secondary", self)
        self.back.clicked.connect(self._back)
        self.next = big_button("details_next", parent=self)
        self.next.clicked.connect(self._next)
        self.actions.addWidget(self.back)
        self.actions.addWidget(self.next)
        self.flow.details_rejected.connect(self._on_details_rejected)

    def _choice_button(self, name: str, key: str, value: bool, parent: QWidget) -> QPushButton:
        button = big_button(name, "secondary", parent)
        button.setCheckable(True)
        button.clicked.connect(lambda _c=False: self._choose(key, value))
        return button

    # -- state -------------------------------------------------------------------------------------------
    def _page(self) -> str:
        return PAGES[self.pages.currentIndex()]

    def _set_era(self, key: str) -> None:
        self.era = key
        self.year_keypad.max_length = 4 if key == "western" else 2
        self.year_keypad.clear()
        self._refresh()

    def _set_month(self, month: int) -> None:
        self.month = month
        if self.day and self.birth_date() is None:
            self.day = 0  # the 31st of a month without one
        self._refresh()
        self._advance()

    def _set_day(self, day: int) -> None:
        self.day = day
        self._refresh()
        self._advance()

    def _choose(self, key: str, value: bool) -> None:
        self.choice[key] = value
        self._refresh()
        if key == "braille":
            self._next()  # the last choice: the details go on

    def _on_year_typed(self) -> None:
        self._refresh()
        if self._year_complete():
            self._advance()

    def _year_complete(self) -> bool:
        """No further digit could make a possible year: four Western digits, or an era year at its longest."""
        text = self.year_keypad.text()
        if not text:
            return False
        if self.era == "western":
            return len(text) == 4
        if len(text) >= self.year_keypad.max_length:
            return True
        era = birthdate.Era[self.era.upper()]
        last = era.last_day.year if era.last_day is not None else self.flow.today().year
        longest = last - era.start.year + 1
        return int(text + "0") > longest

    def _advance(self) -> None:
        """The field just filled is complete: go to the next one that is empty (or to the choices)."""
        problem = self._page_problem()
        if problem:
            self.message.setText(problem)
            return
        index = self.pages.currentIndex()
        following = [i for i in range(index + 1, len(DATE_PAGES)) if not self._field_filled(DATE_PAGES[i])]
        self._go_to(following[0] if following else (len(DATE_PAGES) if self._date_problem() is None else 2))

    def _field_filled(self, page: str) -> bool:
        return {"year": self._western_year() is not None, "month": bool(self.month), "day": bool(self.day)}[page]

    def _date_problem(self) -> str | None:
        """What is wrong with the whole birth date (None: it can be sent)."""
        for page in DATE_PAGES:
            problem = self._page_problem(page)
            if problem:
                return problem
        return None

    def _go_to(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self._refresh()

    def _western_year(self) -> int | None:
        text = self.year_keypad.text()
        if not text:
            return None
        if self.era == "western":
            return int(text) if len(text) == 4 else None
        return birthdate.to_western_year(birthdate.Era[self.era.upper()], int(text))

    def birth_date(self) -> date | None:
        year = self._western_year()
        if year is None or not self.month or not self.day:
            return None
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None

    def _age(self) -> int | None:
        born = self.birth_date()
        return None if born is None else birthdate.age_rules(born, self.flow.today()).age_years

    def _page_problem(self, page: str | None = None) -> str | None:
        page = page or self._page()
        if page == "year":
            year = self._western_year()
            if year is None:
                return self.tr("生まれた年を入力してください。")
            if not self._year_possible(year):
                return self.tr("この年はありません。年号と年を確かめてください。")
        elif page == "month" and not self.month:
            return self.tr("生まれた月を選んでください。")
        elif page == "day":
            born = self.birth_date()
            if born is None:
                return self.tr("生まれた日を選んでください。")
            era = None if self.era == "western" else birthdate.Era[self.era.upper()]
            era_year = int(self.year_keypad.text()) if era is not None else born.year
            check = birthdate.validate(era_year, born.month, born.day, today=self.flow.today(), era=era)
            if not check.ok and check.problem is not None:
                return self._reason_text(check.problem.value)
            age = self._age()
            if age is not None and age < 1:
                return self._reason_text("under_1")
        elif page == "choices":
            if (self.choice["signature"] is None and not self._under_15()) or self.choice["user"] is None:
                return self.tr("それぞれ「希望する」か「希望しない」を選んでください。")
            if self.choice["braille"] is None:
                return self.tr("「希望する」か「希望しない」を選んでください。")
        return None

    def _year_possible(self, year: int) -> bool:
        """The year exists in the chosen era and is not after this year."""
        today = self.flow.today()
        if self.era == "western":
            return birthdate.EARLIEST.year <= year <= today.year
        era = birthdate.Era[self.era.upper()]
        last = era.last_day.year if era.last_day is not None else today.year
        return int(self.year_keypad.text()) >= 1 and era.start.year <= year <= min(last, today.year)

    def _under_15(self) -> bool:
        age = self._age()
        return age is not None and age < 15

    def _reason_text(self, reason: str) -> str:
        texts = {
            "in_future": self.tr("未来の日付は入力できません。"),
            "too_early": self.tr("この生年月日は受け付けられません。確かめてください。"),
            "year_invalid": self.tr("この年はありません。年号と年を確かめてください。"),
            "month_invalid": self.tr("生まれた月を選んでください。"),
            "before_era": self.tr("その日付はこの年号にありません。年号と年を確かめてください。"),
            "after_era": self.tr("その日付はこの年号にありません。年号と年を確かめてください。"),
            "day_invalid": self.tr("その月にその日はありません。"),
            "under_1": self.tr("1歳未満のお子さまは写真が不要です。この機械では申請できません。"
                               "お住まいの市区町村の窓口か郵送で申請してください（入れたお金は「やめる」で返します）。"),
            "incomplete": self.tr("まだ入力していない項目があります。"),
        }
        return texts.get(reason, texts["incomplete"])

    def _next(self) -> None:
        if self._page() in DATE_PAGES:
            self._advance()
            return
        problem = self._date_problem()
        if problem:
            self._go_to(0)
            self.message.setText(problem)
            return
        problem = self._page_problem()
        if problem:
            self.message.setText(problem)
            return
        details = Details(
            birth_date=self.birth_date(),
            signature_certificate=False if self._under_15() else self.choice["signature"],
            user_certificate=self.choice["user"],
            braille=self.choice["braille"],
        )
        self.emit_intent("next", details)

    def _back(self) -> None:
        self.pages.setCurrentIndex(max(0, self.pages.currentIndex() - 1))
        self._refresh()

    def _on_details_rejected(self, reason: str) -> None:
        if self._page() == "choices" and reason != "incomplete":
            self._go_to(DATE_PAGES.index("day"))  # a birth date the flow refuses: back where it is changed
        self.message.setText(self._reason_text(reason))

    # -- drawing -----------------------------------------------------------------------------------------
    def _refresh(self) -> None:
        page = self._page()
        questions = {
            "year": self.tr("生年月日を入力します。生まれた年を選んでください（年号または西暦）。"),
            "month": self.tr("生まれた月を選んでください。"),
            "day": self.tr("生まれた日を選んでください。"),
            "choices": self.tr("電子証明書の発行を希望しますか？（わからないときは「希望する」がおすすめです）"),
        }
        self.question.setText(questions[page])
        self.message.setText("")
        for key, button in self.era_buttons.items():
            button.setChecked(key == self.era)
        text = self.year_keypad.text()
        era_name = self._era_name(self.era)
        if self.era == "western":
            self.year_display.setText(self.tr("西暦 {y} 年").format(y=text or "____"))
        else:
            western = self._western_year()
            if western:
                shown = self.tr("{era} {y} 年（西暦 {w} 年）").format(era=era_name, y=text, w=western)
            else:
                shown = self.tr("{era} {y} 年").format(era=era_name, y=text or "__")
            self.year_display.setText(shown)
        for m, button in enumerate(self.month_buttons, start=1):
            button.setChecked(m == self.month)
        year = self._western_year()
        days = calendar.monthrange(year, self.month)[1] if year and self.month else 31
        for d, button in enumerate(self.day_buttons, start=1):
            button.setChecked(d == self.day)
            button.setEnabled(d <= days)
        under_15 = self._under_15()
        self.signature_yes.setEnabled(not under_15)
        self.signature_no.setEnabled(not under_15)
        self.signature_text.setText(
            self.tr("署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）\n"
                    "15歳未満の方には発行されないため、選べません。") if under_15 else
            self.tr("署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）"))
        self.user_text.setText(self.tr("利用者証明用電子証明書（コンビニでの証明書の受け取りやログインに使うもの）"))
        self.braille_text.setText(self.tr("カードに氏名の点字表記を希望しますか？"))
        self.braille_note.setText(self.tr("点字表記を選ぶと、次へ進みます。"))
        self._refresh_strip()
        for key, yes, no in (("signature", self.signature_yes, self.signature_no), ("user", self.user_yes, self.user_no),
                             ("braille", self.braille_yes, self.braille_no)):
            value = False if key == "signature" and under_15 else self.choice[key]
            yes.setChecked(value is True)
            no.setChecked(value is False)
        self.back.setEnabled(self.pages.currentIndex() > 0)
        self.next.setText(self.tr("次へ"))
        self.date_strip.setVisible(page in DATE_PAGES)

    def _refresh_strip(self) -> None:
        """The three fields of the birth date, each with its value so far; the one being filled is marked."""
        year = self._western_year()
        if year is None:
            year_text = self.tr("年") + " ?"
        elif self.era == "western":
            year_text = self.tr("{y}年").format(y=year)
        else:
            year_text = self.tr("{era}{y}年").format(era=self._era_name(self.era), y=self.year_keypad.text())
        texts = {"year": year_text,
                 "month": self.tr("{m}月").format(m=self.month) if self.month else self.tr("月") + " ?",
                 "day": self.tr("{d}日").format(d=self.day) if self.day else self.tr("日") + " ?"}
        for key, button in self.field_buttons.items():
            button.setText(texts[key])
            button.setChecked(key == self._page())

    def _era_name(self, key: str) -> str:
        names = {"western": self.tr("西暦"), "meiji": self.tr("明治"), "taisho": self.tr("大正"), "showa": self.tr("昭和"),
                 "heisei": self.tr("平成"), "reiwa": self.tr("令和")}
        return names[key]

    def set_portrait(self, on: bool) -> None:
        """A portrait screen: the months in three columns and the days in five (a week's width less two), so the
        keys are larger where the screen is tall."""
        super().set_portrait(on)
        for grid, buttons, columns, taller in ((self.month_grid, self.month_buttons, 3 if on else 4, 2.2),
                                               (self.day_grid, self.day_buttons, 5 if on else 8, 1.5)):
            for i, button in enumerate(buttons):
                grid.removeWidget(button)
                grid.addWidget(button, i // columns, i % columns)
                button.setMinimumHeight(0)
                button.setMaximumHeight(16777215)
                hint = button.sizeHint().height()
                button.setMinimumHeight(round(hint * taller) if on else 0)
                button.setMaximumHeight(round(hint * taller * 1.6) if on else 16777215)
                button.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Expanding if on else QSizePolicy.Policy.Fixed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_choices()

    def _fit_choices(self) -> None:
        """The signs' width and the answers' height for this screen and the citizen's modes (on a resize and
        each time the screen is entered: the modes may have changed since)."""
        # as wide as a question and its answers are high; a third of a portrait screen's width
        w, h = self.window().width(), self.window().height()
        side = round(w * 0.3) if h > w else \
            round(self.signature_yes.sizeHint().height() * 1.2)
        # a short screen in large text needs the whole width for the questions' words
        crowded = self.flow.session.access.large_text and h < CROWDED_H
        for sign in self.choice_signs:
            sign.setFixedWidth(side)
            sign.setVisible(not crowded)
        # a portrait screen has the height for answers twice as tall (larger targets, each beside its sign)
        tall = h > w and not self.flow.session.access.low_reach
        for button in (self.signature_yes, self.signature_no, self.user_yes, self.user_no, self.braille_yes,
                       self.braille_no):
            button.setMinimumHeight(0)
            button.setMinimumHeight(button.sizeHint().height() * 2 if tall else 0)

    def speech_text(self) -> str:
        return self.question.text()

    def retranslate(self) -> None:
        self.title.setText(self.tr("必要事項の入力"))
        for key, button in self.era_buttons.items():
            button.setText(self._era_name(key))
        for m, button in enumerate(self.month_buttons, start=1):
            button.setText(self.tr("{m}月").format(m=m))
        for button in (self.signature_yes, self.user_yes):
            button.setText(self.tr("希望する（おすすめ）"))
        self.braille_yes.setText(self.tr("希望する"))
        for button in (self.signature_no, self.user_no, self.braille_no):
            button.setText(self.tr("希望しない"))
        self.back.setText(self.tr("戻る"))
        self._refresh()

    def on_enter(self) -> None:
        """Show what the session holds (coming back from confirm), or a blank form."""
        d = self.flow.session.details
        if d.birth_date is None:
            self._clear()
        self.pages.setCurrentIndex(0)
        self._fit_choices()
        self._refresh()

    def _clear(self) -> None:
        self.era, self.month, self.day = "western", 0, 0
        self.year_keypad.max_length = 4
        self.year_keypad.clear()
        self.choice = dict(RECOMMENDED)

    def on_leave(self) -> None:
        if self.flow.current not in ("guide", "timeout") and self.flow.session.details.birth_date is None:
            self._clear()
            self._refresh()

    def reset(self) -> None:
        """Forget what was entered (the session ended)."""
        self._clear()
        self.pages.setCurrentIndex(0)
        self._refresh()

    def personal_texts(self) -> list[str]:
        shown = [self.year_keypad.text()] if self.year_keypad.text() else []
        if self.month or self.day:
            shown.append(f"{self.month}/{self.day}")
        return shown
