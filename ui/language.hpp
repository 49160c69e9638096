// The app's language: English (the source texts) or a translation, tessera_<code>.qm in
// ../share/tessera/translations beside the binary (made by lrelease from
// resources/translations/tessera_<code>.ts; installed there by the .deb).
//
// The language is the user's choice under View ▸ Language, kept in the settings under "language",
// else the system locale's (LANG). It is installed once, before any window is made: the widgets
// set their texts when they are built and have no LanguageChange handler, so another choice takes
// effect at the next start (the menu says so, in the chosen language).
// To add a language: a row in kLanguages (language.cpp) and its .ts in ui/CMakeLists.txt.
#pragma once

#include <QString>

#include <span>

class QCoreApplication;

namespace tessera::ui {

struct LanguageRow {
    const char* code; // the .qm's suffix and QLocale name: "zh_CN"; "en" has no .qm
    const char* name; // in the language itself, never translated: "简体中文"
};

std::span<const LanguageRow> languages();

// The language kept in the settings of `settingsScope` (as MainWindow's), or empty: the system's.
QString savedLanguage(const QString& settingsScope);
void saveLanguage(const QString& settingsScope, const QString& code);

// Installs Tessera's and Qt's own translators (Qt's: its dialogs' buttons) for `code`, or for
// the system locale when `code` is empty. Once, before any window is made.
void installLanguage(QCoreApplication& app, const QString& code);

// The code of the language installLanguage put in place: "en" until it has found a translation.
QString languageInUse();

// `text` (marked with QT_TRANSLATE_NOOP(context, …)) in language `code`, whichever is installed:
// what the restart notice says in the language just chosen.
QString inLanguage(const QString& code, const char* context, const char* text);

} // namespace tessera::ui
