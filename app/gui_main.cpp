// tessera: the desktop app. `tessera [IMAGE] [spec flags] [--select N] [--screenshot FILE.png]
// [--size WxH]`; with --screenshot the window renders at that size, waits until the computation
// has finished and been drawn, saves a grab of the whole window and exits (0, or 1 on failure).
#include "cli_args.hpp"
#include "controls_panel.hpp"
#include "main_window.hpp"
#include "memory_policy.hpp"
#include "session.hpp"
#include "spec_flags.hpp"

#include <QApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <iostream>

namespace {

using namespace tessera;

const cli::Command kGui{
    "tessera",
    "[IMAGE] [--patch-size PxQ] [--embed-dim D] [--select N] [--screenshot FILE.png] [--size WxH]",
    "the Tessera desktop app; with --screenshot, render the window to a PNG and exit",
    {{"--select", "N", "select patch N once computed"},
     {"--screenshot", "FILE.png", "save a grab of the window once computed, then exit"},
     {"--size", "WxH", "window size (default 1400x900)"},
     {"--heat-map", "", "start with the norm heat map shown"},
     {"--version", "", "print the version"}},
    {"*"},
    nullptr,
};

int fail(const std::string& message) {
    std::cerr << "tessera: " << message << "\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    tessera::retainFreedBuffers();
    // Help and version need no window, nor a display to open one.
    std::vector<std::string> args(argv + 1, argv + argc);
    if (std::find(args.begin(), args.end(), "--help") != args.end()) {
        const std::string help = cli::helpText(kGui);
        std::cout << "usage: tessera " << kGui.usage << "\n" << help.substr(help.find('\n') + 1);
        return 0;
    }
    if (std::find(args.begin(), args.end(), "--version") != args.end()) {
        std::cout << "tessera " TESSERA_VERSION "\n";
        return 0;
    }
    QApplication app(argc, argv);
    // Decoders' warnings (libpng's "iCCP: known incorrect sRGB profile" on the cat) are noise.
    QLoggingCategory::setFilterRules("qt.gui.imageio.warning=false");
    QApplication::setApplicationName("Tessera");
    QApplication::setOrganizationName("Tessera");
    QApplication::setApplicationVersion(TESSERA_VERSION);

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
    int select = -1;
    try {
        if (parsed.has("--size")) {
            const Size2 wh = parseSize2(parsed.get("--size"), "--size");
            size = {wh.w, wh.h}; // given as WxH
        }
        if (parsed.has("--select"))
            select = int(parseInteger(parsed.get("--select"), "--select", 0, 1LL << 30));
    } catch (const InputError& e) {
        return fail(e.what());
    }

    // A screenshot is made from defaults, not from whoever last used the app here.
    ui::MainWindow window(screenshot.isEmpty() ? QStringLiteral("Tessera") : QString());
    // Flags on the command line override the settings: the settings' flags come first.
    std::vector<std::string> specArgs = toArgs(window.controls()->spec());
    for (std::size_t i = 0; i < args.size(); ++i) {
        const SpecFlag* f = findSpecFlag(args[i]);
        if (!f)
            continue;
        specArgs.push_back(args[i]);
        if (!f->metavar.empty() && i + 1 < args.size())
            specArgs.push_back(args[++i]);
    }
    try {
        window.applySpec(specFromArgs(specArgs));
    } catch (const InputError& e) {
        return fail(e.what());
    }
    if (parsed.has("--heat-map")) {
        ui::Overlays o = window.imageView()->overlays();
        o.heatMap = true;
        window.imageView()->setOverlays(o);
    }
    window.resize(size.w, size.h);
    window.show();
    if (!parsed.positional.empty()) {
        if (!window.openImage(QString::fromStdString(parsed.positional[0])) &&
            !screenshot.isEmpty())
            return fail(window.lastError().toStdString());
    } else {
        window.openSample("chelsea.png");
    }

    ui::Session* session = window.session();
    if (select >= 0)
        QObject::connect(session, &ui::Session::resultReady, &window,
                         [session, select] { session->select(select); });
    if (screenshot.isEmpty())
        return app.exec();

    int status = 1;
    auto grab = [&] {
        // Let the views repaint with the result (and selection) before the grab.
        QTimer::singleShot(150, &window, [&] {
            const QPixmap shot = window.grab();
            if (shot.save(screenshot)) {
                status = 0;
            } else {
                std::cerr << "tessera: cannot write " << screenshot.toStdString() << "\n";
            }
            app.quit();
        });
    };
    QObject::connect(session, &ui::Session::resultReady, &window, grab);
    QObject::connect(session, &ui::Session::failed, &window, [&](const QString& message) {
        std::cerr << "tessera: " << message.toStdString() << "\n";
        app.quit();
    });
    QTimer::singleShot(120000, &window, [&] {
        std::cerr << "tessera: no result within 120 s\n";
        app.quit();
    });
    app.exec();
    return status;
}
