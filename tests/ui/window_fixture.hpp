// Waiting for the real MainWindow as a user would: until the image is open and the newest
// request is computed and shown, or has failed.
#pragma once

#include "main_window.hpp"
#include "session.hpp"

#include <QAction>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QMenu>
#include <QMenuBar>
#include <QStringList>

namespace tessera::ui::testing {

inline bool settle(MainWindow& w, int timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    Session* s = w.session();
    while (t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        const bool idle = !s->busy() && !s->opening();
        if (idle && s->current() && s->current()->generation == s->requestedGeneration())
            return true;
        if (idle && !s->failure().isEmpty())
            return true;
    }
    return false;
}

// Waits until no view is making pictures (similarities, maps, filters) for the newest result.
inline bool viewsIdle(MainWindow& w, int timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    while (w.viewsBusy() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QCoreApplication::processEvents();
    return !w.viewsBusy();
}

// Entries of one menu (the menu bar's titles, each menu's items, submenus too) that share their
// &-key, as "menu: A / B (key)": pressing that key would only cycle between them.
inline QStringList sharedMenuKeys(const QString& where, const QList<QAction*>& actions) {
    QStringList clashes;
    QMap<QChar, QString> byKey;
    for (QAction* a : actions) {
        if (a->isSeparator() || !a->isVisible())
            continue;
        const QString text = a->text();
        for (qsizetype i = text.indexOf('&'); i >= 0 && i + 1 < text.size();
             i = text.indexOf('&', i + 2)) {
            if (text[i + 1] == '&')
                continue;
            const QChar key = text[i + 1].toLower();
            if (byKey.contains(key))
                clashes << where + ": " + byKey[key] + " / " + text;
            byKey[key] = text;
            break;
        }
        if (a->menu())
            clashes << sharedMenuKeys(text, a->menu()->actions());
    }
    return clashes;
}

inline QStringList sharedMenuKeys(QMenuBar* bar) {
    return sharedMenuKeys("menu bar", bar->actions());
}

} // namespace tessera::ui::testing
