// tessera: the desktop app. `tessera [IMAGE] [spec flags] [--select N] [--filter D] [--view NAME]
// [--screenshot FILE.png] [--export FILE] [--size WxH]`. Spec flags are read by the CLI's parser
// (so --patch-size=32 and
// --patch-size 32 are the same) on top of the remembered settings. With --screenshot the window
// renders at that size, waits until the computation has finished and every view has drawn what it
// computes from it (--view brings one forward first), saves a grab of
// the whole window and exits; with --export it writes what the window shows through File ▸
// Export's path (format by extension) and exits. Both exit 0, or 2 with a one-line error.
#include "allocator_policy.hpp"
#include "cli_args.hpp"
#include "controls_panel.hpp"
#include "language.hpp"
#include "main_window.hpp"
#include "session.hpp"
#include "spec_flags.hpp"
#include "walkthrough.hpp"
#include "weights_loader.hpp"

#include <QApplication>
#include <QFile>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <iostream>

namespace {

using namespace tessera;

// "norms, response, …": the names of MainWindow::views(), for --help and errors.
std::string viewNames() {
    std::string names;
    for (const ui::MainWindow::ViewRow& row : ui::MainWindow::views())
        names += (names.empty() ? "" : ", ") + std::string(row.name);
    return names;
}

const cli::Command& guiCommand() {
    static const std::string viewHelp = "bring a view forward: " + viewNames();
    static const cli::Command kGui{
        "tessera",
        "[IMAGE] [--patch-size PxQ] [--embed-dim D] [--select N] [--filter D] [--view NAME] "
        "[--step K] "
        "[--screenshot FILE.png] [--size WxH]",
        "the Tessera desktop app; with --screenshot, render the window to a PNG and exit",
        {{"--select", "N", "select patch N once computed"},
         {"--filter", "D", "select filter (output channel) D once computed"},
         {"--view", "NAME", viewHelp},
         {"--step", "K", "with --view walkthrough: show step K (1 to 7)"},
         {"--screenshot", "FILE.png", "save a grab of the window once computed, then exit"},
         {"--export", "FILE", "export the computed result as File > Export does, then exit"},
         {"--size", "WxH", "window size (default 1400x900)"},
         {"--heat-map", "", "start with the map over the image shown"},
         {"--version", "", "print the version"}},
        // Every Spec flag, the model's too: the app shows the token sequence.
        {"*", "--no-class-token", "--reg-tokens"},
        nullptr,
    };
    return kGui;
}

int fail(const std::string& message) {
    std::cerr << "tessera: " << message << "\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    tessera::retainFreedBuffers();
    // Help and version need no window, nor a display to open one.
    std::vector<std::string> args(argv + 1, argv + argc);
    const cli::Command& kGui = guiCommand();
    if (std::find(args.begin(), args.end(), "--help") != args.end()) {
        const std::string help = cli::helpText(kGui);
        std::cout << "usage: tessera " << kGui.usage << "\n" << help.substr(help.find('\n') + 1);
        return 0;
    }
    if (std::find(args.begin(), args.end(), "--version") != args.end()) {
        std::cout << "tessera " TESSERA_VERSION "\n";
        return 0;
    }
    // A scripted run (--screenshot, --export) answers in one line; Qt's platform chatter
    // ("propagateSizeHints", XDG_RUNTIME_DIR) is not the user's business there.
    if (std::find_if(args.begin(), args.end(), [](const std::string& a) {
            return a.starts_with("--screenshot") || a.starts_with("--export");
        }) != args.end())
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& m) {
            if (type == QtCriticalMsg || type == QtFatalMsg)
                std::cerr << m.toStdString() << "\n";
        });
    QApplication app(argc, argv);
    // Decoders' warnings (libpng's "iCCP: known incorrect sRGB profile" on the cat) are noise.
    QLoggingCategory::setFilterRules("qt.gui.imageio.warning=false");
    QApplication::setApplicationName("Tessera");
    QApplication::setOrganizationName("Tessera");
    QApplication::setApplicationVersion(TESSERA_VERSION);
    // The installed desktop entry (tessera.desktop): on Wayland, how the shell finds its icon.
    QGuiApplication::setDesktopFileName("tessera");

    cli::ParsedArgs parsed;
    try {
        parsed = cli::parseArgs(kGui, args);
        if (parsed.positional.size() > 1)
            throw cli::UsageError("tessera opens one IMAGE, got " +
                                  std::to_string(parsed.positional.size()));
    } catch (const InputError& e) {
        return fail(e.what());
    }
    const QString screenshot = QString::fromStdString(parsed.get("--screenshot"));
    Size2 size{900, 1400};
    int select = -1, filter = -1;
    std::string view = parsed.get("--view");
    int step = 0;
    try {
        if (parsed.has("--size")) {
            const Size2 wh = parseSize2(parsed.get("--size"), "--size");
            size = {wh.w, wh.h}; // given as WxH
        }
        if (parsed.has("--select"))
            select = int(parseInteger(parsed.get("--select"), "--select", 0, 1LL << 30));
        if (parsed.has("--filter"))
            filter = int(parseInteger(parsed.get("--filter"), "--filter", 0, 1LL << 30));
        if (parsed.has("--step")) {
            step = int(parseInteger(parsed.get("--step"), "--step", 1, ui::Walkthrough::kSteps));
            if (view.empty())
                view = "walkthrough";
            if (view != "walkthrough")
                throw InputError("--step goes with --view walkthrough, not --view " + view);
        }
        if (parsed.has("--view") &&
            !std::any_of(ui::MainWindow::views().begin(), ui::MainWindow::views().end(),
                         [&](const auto& row) { return view == row.name; }))
            throw InputError("--view " + view + " is not a view; choose one of " + viewNames());
    } catch (const InputError& e) {
        return fail(e.what());
    }

    const QString exportPath = QFile::decodeName(QByteArray::fromStdString(parsed.get("--export")));
    const bool scripted = !screenshot.isEmpty() || !exportPath.isEmpty();
    // A scripted run starts from the defaults, not from whoever last used the app here: its
    // language is the system's (LANG), as are its settings the defaults.
    const QString scope = scripted ? QString() : QStringLiteral("Tessera");
    ui::installLanguage(app, ui::savedLanguage(scope));
    ui::MainWindow window(scope);
    // Flags on the command line override the settings: the settings' flags come first.
    std::vector<std::string> specArgs = toArgs(window.controls()->spec());
    specArgs.insert(specArgs.end(), parsed.specArgs.begin(), parsed.specArgs.end());
    try {
        const Spec spec = specFromArgs(specArgs);
        // A scripted run computes what `tessera-cli embed` would: a file with several patch
        // embeddings (DINO's teacher and student) needs --weights-key there, so here too.
        if (scripted && !spec.weightsPath.empty()) {
            std::optional<io::WeightsListing> listing;
            try {
                listing = io::listWeights(spec.weightsPath, spec.weightsKey);
            } catch (const InputError&) {
                // Unreadable: the window reports it as it does for any weights file.
            }
            if (listing && !listing->use &&
                listing->problem.find("--weights-key") != std::string::npos)
                return fail(listing->problem);
        }
        window.applySpec(spec);
    } catch (const InputError& e) {
        return fail(e.what());
    }
    if (parsed.has("--heat-map")) {
        ui::Overlays o = window.imageView()->overlays();
        o.map = true;
        window.imageView()->setOverlays(o);
    }
    // A size on the command line wins; otherwise the size the user left the window at does.
    if (parsed.has("--size") || !window.restoredGeometry())
        window.resize(size.w, size.h);
    window.show();
    ui::Session* session = window.session();
    int status = 1;
    if (scripted) // an image that cannot be opened ends a scripted run with its reason
        QObject::connect(session, &ui::Session::openFailed, &window,
                         [&](const QString&, const QString& message) {
                             status = fail(message.toStdString());
                             app.quit();
                         });
    if (!parsed.positional.empty())
        window.openImage(std::filesystem::path(parsed.positional[0])); // the name's bytes
    else
        window.openSample("chelsea.png");

    // Out of range for the grid or D: a clear error, not a screenshot without the selection.
    QObject::connect(session, &ui::Session::resultReady, &window, [&, session] {
        const ui::JobOutcome* out = session->current();
        if (select >= 0 && select >= out->result.grid.count()) {
            status = fail("--select " + std::to_string(select) + " is outside the grid's " +
                          std::to_string(out->result.grid.count()) + " patches");
            app.quit();
        }
        if (filter >= 0 && filter >= out->dim) {
            status = fail("--filter " + std::to_string(filter) +
                          " is outside D = " + std::to_string(out->dim));
            app.quit();
        }
        session->select(select >= 0 ? select : session->selected());
        if (filter >= 0)
            session->selectFilter(filter);
        // Again once the window is laid out: the view's dock gets the width it asks for.
        if (!view.empty())
            window.showView(view);
    });
    if (step)
        window.walkthrough()->setStep(step);
    if (!view.empty())
        window.showView(view);
    if (!scripted)
        return app.exec();

    auto finish = [&] {
        if (!exportPath.isEmpty()) {
            QFutureWatcher<QString>* watcher = new QFutureWatcher<QString>(&window);
            QObject::connect(watcher, &QFutureWatcher<QString>::finished, &window, [&, watcher] {
                const QString error = watcher->result();
                status = error.isEmpty() ? 0 : fail(error.toStdString());
                if (status == 0 && !screenshot.isEmpty() && !window.grab().save(screenshot))
                    status = fail("cannot write " + screenshot.toStdString());
                app.quit();
            });
            watcher->setFuture(window.exportTo(exportPath));
            return;
        }
        status =
            window.grab().save(screenshot) ? 0 : fail("cannot write " + screenshot.toStdString());
        app.quit();
    };
    // Only the result of the settings given counts; the views then compute what they show from
    // it (off the GUI thread) and repaint before the grab.
    std::function<void()> whenViewsDone = [&] {
        if (window.viewsBusy())
            QTimer::singleShot(50, &window, whenViewsDone);
        else
            QTimer::singleShot(150, &window, finish);
    };
    QObject::connect(session, &ui::Session::resultReady, &window, [&] {
        if (session->isStale() || session->busy())
            return;
        QTimer::singleShot(0, &window, whenViewsDone);
    });
    QObject::connect(session, &ui::Session::failed, &window, [&](const QString& message) {
        status = fail(message.toStdString());
        app.quit();
    });
    QTimer::singleShot(120000, &window, [&] {
        status = fail("no result within 120 s");
        app.quit();
    });
    app.exec();
    return status;
}
