// `tessera --view NAME --screenshot FILE` for every view of MainWindow::views(): each run exits 0
// with a PNG that is not blank and differs from every other view's, and bad names or selections
// end with one line naming the value (exit 2), never a screenshot of something else.
#include "main_window.hpp"
#include "picture_checks.hpp"

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace tessera::ui;

namespace {

using tessera::ui::testing::distinctColours;

struct Run {
    int exitCode = -1;
    QString err;
};

Run runApp(const QStringList& args) {
    QProcess app;
    app.start(TESSERA_APP, args);
    app.waitForFinished(120000);
    return {app.exitCode(), QString::fromUtf8(app.readAllStandardError())};
}

} // namespace

class TestViewScreenshots : public QObject {
    Q_OBJECT

  private slots:
    void everyViewHasItsOwnScreenshot() {
        QTemporaryDir dir;
        QList<QImage> shots;
        QStringList names;
        for (const MainWindow::ViewRow& row : MainWindow::views()) {
            const QString png = dir.filePath(QString("%1.png").arg(row.name));
            const Run r =
                runApp({"--view", row.name, "--select", "40", "--filter", "3", "--patch-size", "32",
                        "--embed-dim", "96", "--size", "1200x800", "--screenshot", png});
            QVERIFY2(r.exitCode == 0, qPrintable(QString(row.name) + ": " + r.err));
            const QImage shot(png);
            QCOMPARE(shot.size(), QSize(1200, 800));
            QVERIFY2(distinctColours(shot) > 500, row.name);
            shots << shot;
            names << row.name;
        }
        for (int i = 0; i < shots.size(); ++i)
            for (int j = i + 1; j < shots.size(); ++j)
                QVERIFY2(shots[i] != shots[j], qPrintable(names[i] + " looks like " + names[j]));
    }

    void badNamesAndSelectionsAreOneLineErrors() {
        QTemporaryDir dir;
        const QString png = dir.filePath("x.png");
        struct Case {
            QStringList args;
            QString says;
        };
        const QList<Case> cases{
            {{"--view", "histogramm"},
             "--view histogramm is not a view; choose one of inspector, filters"},
            {{"--select", "150", "--patch-size", "32"}, "--select 150 is outside the grid's 150"},
            {{"--filter", "96", "--embed-dim", "96"}, "--filter 96 is outside D = 96"},
        };
        for (const Case& c : cases) {
            const Run r = runApp(c.args + QStringList{"--screenshot", png});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(c.says), qPrintable(r.err));
            QCOMPARE(r.err.trimmed().count('\n'), 0);
            QVERIFY(!QFile::exists(png));
        }
    }
};

QTEST_MAIN(TestViewScreenshots)
#include "test_view_screenshots.moc"
