#include "language.hpp"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace tessera::ui {
namespace {

// English first: the source texts, and the fallback for a locale with no translation.
constexpr LanguageRow kLanguages[] = {
    {"en", "English"},
    {"zh_CN", "简体中文"},
};

// Beside the binary as installed (/usr/bin → /usr/share/tessera/translations), and as built
// (build/bin → build/share/tessera/translations): one rule for the .deb, the build tree and the
// tests. A binary finds its own version's texts, never another's.
QString translationsDir() {
    return QCoreApplication::applicationDirPath() +
           QStringLiteral("/../share/tessera/translations");
}

QString g_inUse = QStringLiteral("en");

bool loadTessera(QTranslator& t, const QLocale& locale) {
    return t.load(locale, QStringLiteral("tessera"), QStringLiteral("_"), translationsDir());
}

} // namespace

std::span<const LanguageRow> languages() {
    return kLanguages;
}

QString savedLanguage(const QString& settingsScope) {
    if (settingsScope.isEmpty())
        return {};
    const QString code = QSettings("Tessera", settingsScope).value("language").toString();
    for (const LanguageRow& row : kLanguages)
        if (code == QLatin1String(row.code))
            return code;
    return {}; // a language this build does not have: the system's
}

void saveLanguage(const QString& settingsScope, const QString& code) {
    if (!settingsScope.isEmpty())
        QSettings("Tessera", settingsScope).setValue("language", code);
}

void installLanguage(QCoreApplication& app, const QString& code) {
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    auto* tessera = new QTranslator(&app);
    if (!loadTessera(*tessera, locale)) {
        delete tessera;
        return; // English, the source texts
    }
    app.installTranslator(tessera);
    g_inUse = QFileInfo(tessera->filePath()).completeBaseName().section('_', 1, -1);
    // Qt's own texts (a message box's OK, a file dialog) from Debian's qt6-translations-l10n.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    else
        delete qt;
}

QString languageInUse() {
    return g_inUse;
}

QString inLanguage(const QString& code, const char* context, const char* text) {
    QTranslator t;
    if (loadTessera(t, QLocale(code))) {
        const QString translated = t.translate(context, text);
        if (!translated.isEmpty())
            return translated;
    }
    return QString::fromUtf8(text);
}

} // namespace tessera::ui
