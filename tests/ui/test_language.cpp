// The app in Chinese, as it starts with LANG=zh_CN.UTF-8 (ctest sets it): the translator comes
// from the system locale, and texts from several translation contexts read their zh_CN words in
// the real window: the menus (MainWindow), the controls' labels (ControlsPanel) and combo boxes
// (the core's Choice table), a dock's title, the Map toolbar (PatchMaps' table), the walkthrough's
// title and paragraphs (QT_TRANSLATE_NOOP table) and the sequence's source line. View ▸ Language
// lists every language, checks the one in use and keeps the choice in the settings.
#include "controls_panel.hpp"
#include "language.hpp"
#include "main_window.hpp"
#include "walkthrough.hpp"
#include "window_fixture.hpp"

#include <QActionGroup>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QtTest>

using namespace tessera::ui;

namespace {

const QString kScope = QStringLiteral("TesseraLanguageTest");

QStringList menuTitles(QMainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions())
        titles << a->text();
    return titles;
}

// Every text a widget and its children show in labels, group boxes and combo boxes.
QStringList shownTexts(const QWidget* root) {
    QStringList texts;
    for (const QLabel* l : root->findChildren<QLabel*>())
        texts << l->text();
    for (const QGroupBox* g : root->findChildren<QGroupBox*>())
        texts << g->title();
    for (const QComboBox* c : root->findChildren<QComboBox*>())
        for (int i = 0; i < c->count(); ++i)
            texts << c->itemText(i);
    return texts;
}

} // namespace

class TestLanguage : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QSettings("Tessera", kScope).clear();
        QCOMPARE(QLocale::system().name(), QStringLiteral("zh_CN"));
        QCOMPARE(savedLanguage(kScope), QString()); // nothing chosen: the system's
        installLanguage(*qApp, savedLanguage(kScope));
        QCOMPARE(languageInUse(), QStringLiteral("zh_CN"));
    }

    void theWindowSpeaksChinese() {
        MainWindow w(kScope);
        w.resize(1400, 900);
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(testing::settle(w));

        QCOMPARE(menuTitles(w), (QStringList{"文件(&F)", "视图(&V)", "帮助(&H)"}));
        const QStringList shared = testing::sharedMenuKeys(w.menuBar());
        QVERIFY2(shared.isEmpty(), qPrintable(shared.join("; ")));
        const QStringList controls = shownTexts(w.controls());
        for (const char* text : {"图像块嵌入", "图像块 (P × Q)", "嵌入维度", "归一化", "随机种子",
                                 "双三次", "timm 评估：缩放 + 中心裁剪"})
            QVERIFY2(controls.contains(QString::fromUtf8(text)), text);
        QCOMPARE(w.findChild<QDockWidget*>("controlsDock")->windowTitle(), QString("控制面板"));
        QCOMPARE(w.findChild<QDockWidget*>("walkthroughDock")->windowTitle(), QString("分步讲解"));
        const QStringList mapBar = shownTexts(w.findChild<QWidget*>("mapToolbar"));
        QVERIFY(mapBar.contains("相似度"));
        QVERIFY(mapBar.contains("PCA 着色"));

        Walkthrough* walk = w.walkthrough();
        QCOMPARE(walk->title(), QString("图像"));
        QVERIFY2(walk->text().contains("计算机把照片看成一张数字网格"), qPrintable(walk->text()));
        // Sentences joined without the space English puts between them (step 3 joins two).
        walk->setStep(3);
        QVERIFY(QTest::qWaitFor([&] { return !walk->busy(); }, 60000));
        QVERIFY2(walk->text().contains("统计量。之后"), qPrintable(walk->text()));
        walk->setStep(Walkthrough::kSteps);
        QVERIFY(QTest::qWaitFor([&] { return !walk->busy(); }, 60000));
        QCOMPARE(walk->title(), QString("词元序列"));
        QVERIFY2(walk->text().contains("类别标记"), qPrintable(walk->text()));
    }

    void theLanguageMenuKeepsTheChoice() {
        MainWindow w(kScope);
        auto* menu = w.findChild<QMenu*>("languageMenu");
        QVERIFY(menu);
        QCOMPARE(menu->title(), QString("语言(&N)"));
        QStringList names;
        QString checked;
        for (QAction* a : menu->actions()) {
            names << a->text();
            if (a->isChecked())
                checked = a->data().toString();
        }
        QCOMPARE(names, (QStringList{"English", "简体中文"}));
        QCOMPARE(checked, QString("zh_CN"));

        // The language in use chosen again: kept, and nothing to restart for.
        menu->actions().at(1)->trigger();
        QCOMPARE(savedLanguage(kScope), QString("zh_CN"));
        saveLanguage(kScope, "en");
        QCOMPARE(savedLanguage(kScope), QString("en"));
        saveLanguage(kScope, "xx"); // not a language of this build: the system's
        QCOMPARE(savedLanguage(kScope), QString());
        QCOMPARE(savedLanguage(QString()), QString()); // a scripted run keeps no settings
        QSettings("Tessera", kScope).clear();
    }

    void theRestartNoticeIsInTheChosenLanguage() {
        const char* context = "tessera::ui::MainWindow";
        const char* notice = "Tessera will use this language the next time it starts.";
        QCOMPARE(inLanguage("en", context, notice), QString(notice));
        QCOMPARE(inLanguage("zh_CN", context, notice),
                 QString("Tessera 下次启动时将使用这种语言。"));
    }
};

QTEST_MAIN(TestLanguage)
#include "test_language.moc"
