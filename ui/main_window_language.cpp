// MainWindow's View ▸ Language: one entry per row of languages(), each named in its own language.
#include "main_window.hpp"

#include "language.hpp"

#include <QActionGroup>
#include <QMenu>
#include <QMessageBox>

namespace tessera::ui {

void MainWindow::buildLanguageMenu(QMenu* view) {
    QMenu* menu = view->addMenu(tr("La&nguage"));
    menu->setObjectName("languageMenu");
    auto* group = new QActionGroup(menu);
    for (const LanguageRow& row : languages()) {
        QAction* a = menu->addAction(QString::fromUtf8(row.name));
        a->setData(QString::fromLatin1(row.code));
        a->setCheckable(true);
        a->setChecked(languageInUse() == QLatin1String(row.code));
        group->addAction(a);
    }
    connect(group, &QActionGroup::triggered, this, [this](QAction* a) {
        const QString code = a->data().toString();
        saveLanguage(m_scope, code);
        if (code == languageInUse())
            return;
        // The widgets keep the texts they were built with (language.hpp): said in the language
        // chosen, which the user reads best.
        static const char* const kContext = "tessera::ui::MainWindow";
        QMessageBox box(
            QMessageBox::Information,
            inLanguage(code, kContext, QT_TRANSLATE_NOOP("tessera::ui::MainWindow", "Language")),
            inLanguage(
                code, kContext,
                QT_TRANSLATE_NOOP("tessera::ui::MainWindow",
                                  "Tessera will use this language the next time it starts.")),
            QMessageBox::NoButton, this);
        // The button too: Qt's own "OK" would be in the language still in use.
        box.addButton(
            inLanguage(code, kContext, QT_TRANSLATE_NOOP("tessera::ui::MainWindow", "OK")),
            QMessageBox::AcceptRole);
        box.exec();
    });
}

} // namespace tessera::ui
