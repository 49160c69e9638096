// Hostile inputs in the window (issue 12, "the same in the app"): an empty batch, a patch larger
// than the image, a run planned past the memory limit, a FIFO as the image and a zip bomb as the
// weights. Each must show as an error in the window, naming the value, without a crash or a
// freeze (a 5 ms timer checks the event loop keeps turning), and what was shown before is kept:
// unchanged when the image or weights file is refused (nothing the run uses changed), marked
// stale with the reason in the banner when the controls ask for a run that cannot be made.
#include "arithmetic.hpp"
#include "controls_panel.hpp"
#include "event_loop_gaps.hpp"
#include "main_window.hpp"
#include "npy.hpp"
#include "session.hpp"
#include "spec_flags.hpp"
#include "weights_file.hpp"
#include "window_fixture.hpp"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <memory>

using namespace tessera;
using namespace tessera::ui;

namespace {

using tessera::ui::testing::GapMeter;
using tessera::ui::testing::maxOwnGapMs;
using tessera::ui::testing::procStatusKiB;
using tessera::ui::testing::resetPeakRss;
using tessera::ui::testing::runEventLoop;
using tessera::ui::testing::settle;

constexpr int kErrorWithinMs = 2000;
// What a refusal may cost: far below what the refused thing would take (GiBs).
constexpr qint64 kMaxPeakGrowthKiB = 256 * 1024;

// The sample under timm's eval transform (a 14x14 grid), computed and shown, views at rest.
bool showSample(MainWindow& w) {
    w.applySpec(specFromArgs({"--img-size", "224"}));
    w.resize(1200, 800);
    w.show();
    w.openSample("chelsea.png");
    if (!settle(w) || !w.session()->current())
        return false;
    QElapsedTimer t;
    t.start();
    while (w.viewsBusy() && t.elapsed() < 30000)
        runEventLoop(10);
    return !w.viewsBusy();
}

// What the window showed before the error: the same result object, and whether it is current.
struct Shown {
    std::shared_ptr<const JobOutcome> outcome;
    QString title;
    explicit Shown(const MainWindow& w)
        : outcome(w.session()->currentShared()), title(w.windowTitle()) {}
    bool keptAsIs(const MainWindow& w) const {
        return w.session()->currentShared() == outcome && !w.session()->isStale() &&
               w.windowTitle() == title && w.staleText().isEmpty();
    }
};

// The weights file read by the controls has ended (loaded or refused).
bool waitForWeightsFile(MainWindow& w, int timeoutMs) {
    auto* file = w.findChild<WeightsFile*>();
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        runEventLoop(5);
        if (file && !file->loading())
            return true;
    }
    return false;
}

// The message the controls show for a refused weights file ("Cannot use this file: ...").
QString weightsRefusal(const MainWindow& w) {
    const QLabel* label = w.controls()->weightsLabel();
    return label->text().contains("Cannot use this file") ? label->toolTip() : QString();
}

// A zip whose one member, `name`, is an .npy header for float32 (rows, 3, 16, 16) followed by
// that many zeros: `inflated` bytes in all, deflated by hand to about 1/160 of that (fixed
// Huffman codes: one zero literal, then copies of 258 bytes at distance 1, 13 bits each). The
// headers say the true sizes and CRC: a reader that trusts them inflates it all.
struct ZipBomb {
    std::uint64_t inflated = 0;
    std::uint64_t deflated = 0;
};

class BitWriter {
  public:
    explicit BitWriter(std::string& out) : m_out(out) {}
    void bits(std::uint32_t value, int count) { // deflate's order: least significant bit first
        m_acc |= std::uint64_t(value) << m_count;
        m_count += count;
        while (m_count >= 8) {
            m_out.push_back(char(m_acc & 0xff));
            m_acc >>= 8;
            m_count -= 8;
        }
    }
    void code(std::uint32_t huffman, int length) { // Huffman codes: most significant bit first
        std::uint32_t reversed = 0;
        for (int i = 0; i < length; ++i)
            reversed |= ((huffman >> i) & 1u) << (length - 1 - i);
        bits(reversed, length);
    }
    void literal(unsigned char v) {
        if (v < 144)
            code(0x30 + v, 8);
        else
            code(0x190 + (v - 144), 9);
    }
    void flush() {
        if (m_count > 0)
            m_out.push_back(char(m_acc & 0xff));
        m_acc = 0;
        m_count = 0;
    }

  private:
    std::string& m_out;
    std::uint64_t m_acc = 0;
    int m_count = 0;
};

void put16(std::string& s, std::uint32_t v) {
    s.push_back(char(v & 0xff));
    s.push_back(char((v >> 8) & 0xff));
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v & 0xffff);
    put16(s, v >> 16);
}

ZipBomb writeZipBomb(const QString& path, const std::string& name, std::int64_t rows) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(rows) + ", 3, 16, 16), }";
    while ((10 + header.size() + 1) % 64 != 0)
        header.push_back(' ');
    header.push_back('\n');
    std::string npyHead = std::string("\x93NUMPY\x01\x00", 8);
    put16(npyHead, std::uint32_t(header.size()));
    npyHead += header;
    const std::uint64_t zeros = std::uint64_t(rows) * 3 * 16 * 16 * 4;
    const std::uint64_t total = npyHead.size() + zeros;

    std::string data;
    BitWriter out(data);
    out.bits(1, 1); // the last block
    out.bits(1, 2); // fixed Huffman codes
    for (unsigned char c : npyHead)
        out.literal(c);
    out.literal(0);
    std::uint64_t left = zeros - 1;
    for (; left >= 258; left -= 258) {
        out.code(0xC5, 8); // length 258 (symbol 285)
        out.code(0, 5);    // distance 1
    }
    for (; left > 0; --left)
        out.literal(0);
    out.code(0, 7); // end of block (symbol 256)
    out.flush();

    // The CRC of the zeros, a MiB at a time, combined: no GiB buffer, no GiB pass.
    const std::string mib(1 << 20, '\0');
    const uLong mibCrc = crc32(0, reinterpret_cast<const Bytef*>(mib.data()), uInt(mib.size()));
    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(npyHead.data()), uInt(npyHead.size()));
    std::uint64_t rest = zeros;
    for (; rest >= mib.size(); rest -= mib.size())
        crc = crc32_combine(crc, mibCrc, z_off_t(mib.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(mib.data()), uInt(rest));

    std::string zip;
    const auto entryHeader = [&](bool central) {
        put32(zip, central ? 0x02014b50 : 0x04034b50);
        if (central)
            put16(zip, 20); // made by
        put16(zip, 20);     // needed: 2.0, deflate
        put16(zip, 0);      // flags
        put16(zip, 8);      // deflated
        put16(zip, 0);      // time
        put16(zip, 0x21);   // 1980-01-01
        put32(zip, std::uint32_t(crc));
        put32(zip, std::uint32_t(data.size()));
        put32(zip, std::uint32_t(total));
        put16(zip, std::uint32_t(name.size()));
        put16(zip, 0); // extra
        if (central) {
            put16(zip, 0); // comment
            put16(zip, 0); // disk
            put16(zip, 0); // internal attributes
            put32(zip, 0); // external attributes
            put32(zip, 0); // the local header's offset
        }
        zip += name;
    };
    entryHeader(false);
    zip += data;
    const std::size_t centralAt = zip.size();
    entryHeader(true);
    const std::size_t centralSize = zip.size() - centralAt;
    put32(zip, 0x06054b50);
    put16(zip, 0);
    put16(zip, 0);
    put16(zip, 1);
    put16(zip, 1);
    put32(zip, std::uint32_t(centralSize));
    put32(zip, std::uint32_t(centralAt));
    put16(zip, 0);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(zip.data(), qint64(zip.size())) != qint64(zip.size()))
        return {};
    return {total, data.size()};
}

// The member's data really inflates to `inflated` bytes, with the CRC its headers say: zlib
// inflates it into one small buffer, counting.
bool inflatesTo(const QString& path, const ZipBomb& bomb) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray zip = f.readAll();
    const auto u16 = [&](qsizetype at) {
        return std::uint32_t(std::uint8_t(zip[at])) | std::uint32_t(std::uint8_t(zip[at + 1])) << 8;
    };
    const auto u32 = [&](qsizetype at) { return u16(at) | u16(at + 2) << 16; };
    const qsizetype dataAt = 30 + u16(26) + u16(28);
    z_stream z{};
    if (inflateInit2(&z, -15) != Z_OK)
        return false;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.constData() + dataAt));
    z.avail_in = uInt(u32(18));
    std::vector<Bytef> sink(1 << 20);
    std::uint64_t count = 0;
    uLong crc = crc32(0, nullptr, 0);
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = sink.data();
        z.avail_out = uInt(sink.size());
        rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t made = sink.size() - z.avail_out;
        crc = crc32(crc, sink.data(), uInt(made));
        count += made;
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END && count == bomb.inflated && count == u32(22) && crc == u32(14);
}

} // namespace

class TestAppErrors : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings("Tessera", "Tessera-errors-test").clear();
    }
    void init() { QSettings("Tessera", "Tessera-errors-test").clear(); }

    // The app opens pictures; an .npy batch of no images at all (tessera-cli crashed on it) is
    // refused as one, naming the file, and the cat stays.
    void anEmptyBatchIsRefusedAsTheImage() {
        QTemporaryDir dir;
        const QString path = dir.filePath("empty-batch.npy");
        saveNpy(path.toStdString(), Tensor(Shape{0, 3, 224, 224}));
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll().contains("'shape': (0, 3, 224, 224)"));
        MainWindow w("Tessera-errors-test");
        QVERIFY(showSample(w));
        const Shown before(w);
        GapMeter gaps;
        gaps.start();
        QSignalSpy failed(w.session(), &Session::openFailed);
        QElapsedTimer t;
        t.start();
        w.openImage(path);
        QVERIFY(failed.wait(kErrorWithinMs));
        const qint64 ms = t.elapsed();
        runEventLoop(200);
        gaps.stop();
        std::printf("empty batch: error after %lld ms: %s; %s\n", qlonglong(ms),
                    qPrintable(w.lastError()), qPrintable(gaps.summary()));
        QVERIFY2(w.lastError().contains("empty-batch.npy"), qPrintable(w.lastError()));
        QVERIFY2(!w.lastError().contains("internal error"), qPrintable(w.lastError()));
        QVERIFY2(w.statusText().startsWith("Not opened"), qPrintable(w.statusText()));
        QVERIFY(before.keptAsIs(w));
        QCOMPARE(w.session()->imageName(), QString("chelsea.png"));
        QVERIFY2(gaps.maxOwnGapMs() <= maxOwnGapMs(), qPrintable(gaps.summary()));
    }

    // The same empty batch as the weights: a kernel of D = 0 filters, (0, 3, 16, 16).
    void anEmptyKernelIsRefusedAsTheWeights() {
        QTemporaryDir dir;
        const QString path = dir.filePath("no-filters.npy");
        saveNpy(path.toStdString(), Tensor(Shape{0, 3, 16, 16}));
        MainWindow w("Tessera-errors-test");
        QVERIFY(showSample(w));
        const Shown before(w);
        GapMeter gaps;
        gaps.start();
        w.controls()->useWeightsFile(path);
        QVERIFY(waitForWeightsFile(w, kErrorWithinMs));
        QVERIFY(settle(w));
        runEventLoop(200);
        gaps.stop();
        const QString why = weightsRefusal(w);
        std::printf("empty kernel: %s | status: %s | failure: %s; %s\n", qPrintable(why),
                    qPrintable(w.statusText()), qPrintable(w.session()->failure()),
                    qPrintable(gaps.summary()));
        // The shape is named; the file is not (the core's message leaves it out, the label
        // stands beside the file chooser).
        QVERIFY2(why.contains("empty dimension") && why.contains("(0, 3, 16, 16)"),
                 qPrintable(why + " | " + w.statusText()));
        QVERIFY2(!why.contains("internal error"), qPrintable(why));
        QVERIFY2(w.statusText().contains("Weights file not used"), qPrintable(w.statusText()));
        QVERIFY(w.controls()->spec().weightsPath.empty()); // still random weights
        QVERIFY(before.keptAsIs(w));
        QVERIFY2(gaps.maxOwnGapMs() <= maxOwnGapMs(), qPrintable(gaps.summary()));
    }

    // A patch larger than the 224×224 input, set with the controls: the run is refused, the last
    // result stays on screen marked stale with the reason naming the patch, and the controls'
    // arithmetic says the same. Native size without padding: the same against the photo itself.
    void aPatchLargerThanTheImageIsExplained() {
        MainWindow w("Tessera-errors-test");
        QVERIFY(showSample(w));
        const std::shared_ptr<const JobOutcome> before = w.session()->currentShared();
        ControlsPanel* c = w.controls();
        GapMeter gaps;
        gaps.start();
        c->patchHeight()->setValue(1024); // the spin box's largest
        QVERIFY(settle(w));
        QString failure = w.session()->failure();
        std::printf("patch 1024 on 224: %s\n", qPrintable(failure));
        QVERIFY2(failure.contains("1024"), qPrintable(failure));
        QVERIFY2(!failure.contains("internal error"), qPrintable(failure));
        QCOMPARE(w.session()->currentShared(), before);
        QVERIFY(w.session()->isStale());
        QVERIFY2(w.staleText().contains(failure), qPrintable(w.staleText()));
        QVERIFY(w.findChild<QLabel*>("staleBanner")->isVisibleTo(&w));
        QVERIFY(c->arithmeticIsError());
        QVERIFY2(c->arithmeticText().contains("1024"), qPrintable(c->arithmeticText()));

        QComboBox* fit = c->sizeMode();
        fit->setCurrentIndex(fit->findData(int(ImageFit::Native)));
        QComboBox* pad = nullptr; // no accessor: found by its tooltip
        for (QComboBox* box : c->findChildren<QComboBox*>())
            if (box->toolTip().startsWith("What happens when the native size"))
                pad = box;
        QVERIFY(pad);
        pad->setCurrentIndex(pad->findData(int(PadPolicy::None)));
        c->patchHeight()->setValue(512); // the photo is 451×300
        QVERIFY(settle(w));
        runEventLoop(200);
        gaps.stop();
        failure = w.session()->failure();
        std::printf("patch 512 on the 451x300 photo, no padding: %s; %s\n", qPrintable(failure),
                    qPrintable(gaps.summary()));
        QCOMPARE(c->spec().padPolicy(), PadPolicy::None);
        QVERIFY2(failure.contains("512"), qPrintable(failure));
        QCOMPARE(w.session()->currentShared(), before);
        QVERIFY2(w.staleText().contains(failure), qPrintable(w.staleText()));
        QVERIFY2(gaps.maxOwnGapMs() <= maxOwnGapMs(), qPrintable(gaps.summary()));

        // Back to a patch that fits: computed, and the banner goes.
        fit->setCurrentIndex(fit->findData(int(ImageFit::CenterCrop)));
        c->patchHeight()->setValue(16);
        QVERIFY(settle(w));
        QVERIFY(w.session()->failure().isEmpty());
        QVERIFY(!w.session()->isStale());
        QCOMPARE(w.session()->current()->result.grid.count(), 196);
    }

    // The largest patch and embed_dim the controls offer, at native size with padding: 206 GB
    // of weights. Refused from the plan, at once, with the sizes and the limit, before anything of
    // that size is allocated. Then a limit set low (--max-memory, as `tessera IMAGE FLAGS` and the
    // settings give it) refuses an ordinary run the same way.
    void aRunPlannedPastTheMemoryLimitIsRefusedBeforeAllocating() {
        MainWindow w("Tessera-errors-test");
        QVERIFY(showSample(w));
        const std::shared_ptr<const JobOutcome> before = w.session()->currentShared();
        ControlsPanel* c = w.controls();
        Spec huge = c->spec();
        huge.fit = ImageFit::Native;
        huge.pad = PadPolicy::Dynamic;
        huge.imgSize.reset();
        huge.patch = Size2{1024, 1024};
        huge.embedDim = 16384;
        const std::int64_t planned =
            arithmetic(huge, {300, 451}).plannedBytes(); // the photo is 451×300
        if (planned <= memoryLimit(huge))
            QSKIP("this machine's memory limit would allow a 206 GB run");

        GapMeter gaps;
        gaps.start();
        const bool peakKnown = resetPeakRss();
        const qint64 rssBefore = procStatusKiB("VmRSS").value_or(0);
        QElapsedTimer t;
        t.start();
        // As a user does it: the size first (native size pads), then D, then the patch.
        c->sizeMode()->setCurrentIndex(c->sizeMode()->findData(int(ImageFit::Native)));
        c->embedDim()->setValue(16384);
        c->patchHeight()->setValue(1024);
        QVERIFY(settle(w, kErrorWithinMs));
        const qint64 ms = t.elapsed();
        runEventLoop(200);
        gaps.stop();
        const qint64 peakGrowth = procStatusKiB("VmHWM").value_or(0) - rssBefore;
        QString failure = w.session()->failure();
        std::printf("patch 1024, D 16384: error after %lld ms, peak RSS growth %lld KiB: %s; %s\n",
                    qlonglong(ms), qlonglong(peakGrowth), qPrintable(failure),
                    qPrintable(gaps.summary()));
        QCOMPARE(c->spec().patchSize(), (Size2{1024, 1024}));
        QCOMPARE(c->spec().dim(), 16384);
        QVERIFY2(failure.contains("memory limit"), qPrintable(failure));
        QVERIFY2(failure.contains("1024x1024") && failure.contains("16384"), qPrintable(failure));
        QVERIFY(ms < kErrorWithinMs);
        QCOMPARE(w.session()->currentShared(), before);
        QVERIFY2(w.staleText().contains(failure), qPrintable(w.staleText()));
        if (peakKnown)
            QVERIFY2(peakGrowth < kMaxPeakGrowthKiB, qPrintable(QString::number(peakGrowth)));
        QVERIFY2(gaps.maxOwnGapMs() <= maxOwnGapMs(), qPrintable(gaps.summary()));

        // 1 MiB allows no ViT-B run: the 224 input alone is 588 KiB and the weights 2.3 MB.
        w.applySpec(specFromArgs({"--img-size", "224", "--max-memory", "1M"}));
        QVERIFY(settle(w));
        failure = w.session()->failure();
        std::printf("--max-memory 1M: %s\n", qPrintable(failure));
        QVERIFY2(failure.contains("memory limit of 1.00 MB"), qPrintable(failure));
        QCOMPARE(w.session()->currentShared(), before);
        QVERIFY(w.session()->isStale());
    }

    // A FIFO as the image (tessera-cli blocked on one forever): refused at once, the event loop
    // turning all the while, the cat kept; the next image opens as usual. The same as weights.
    void aFifoAsTheImageOrWeightsDoesNotBlock() {
        QTemporaryDir dir;
        const QString fifo = dir.filePath("pipe.png"),
                      weightsFifo = dir.filePath("pipe.safetensors");
        for (const QString& name : {fifo, weightsFifo})
            QCOMPARE(::mkfifo(QFile::encodeName(name).constData(), 0600), 0);
        MainWindow w("Tessera-errors-test");
        QVERIFY(showSample(w));
        const Shown before(w);
        GapMeter gaps;
        gaps.start();
        QSignalSpy failed(w.session(), &Session::openFailed);
        QElapsedTimer t;
        t.start();
        w.openImage(fifo);
        const bool refused = failed.wait(kErrorWithinMs);
        const qint64 ms = t.elapsed();
        runEventLoop(200);
        gaps.setPhase("the FIFO as weights");
        w.controls()->useWeightsFile(weightsFifo);
        const bool weightsEnded = waitForWeightsFile(w, kErrorWithinMs);
        runEventLoop(200);
        gaps.stop();
        // A reader stuck on the FIFO (a regression) gets end-of-file here, so the test ends.
        for (const QString& name : {fifo, weightsFifo})
            if (const int fd = ::open(QFile::encodeName(name).constData(), O_WRONLY | O_NONBLOCK);
                fd >= 0)
                ::close(fd);
        std::printf("FIFO: image error after %lld ms: %s | weights: %s; %s\n", qlonglong(ms),
                    qPrintable(w.lastError()), qPrintable(weightsRefusal(w)),
                    qPrintable(gaps.summary()));
        QVERIFY(refused);
        QVERIFY2(w.lastError().contains("pipe.png") && w.lastError().contains("FIFO"),
                 qPrintable(w.lastError()));
        QVERIFY(before.keptAsIs(w));
        QVERIFY(weightsEnded);
        QVERIFY2(weightsRefusal(w).contains("pipe.safetensors") &&
                     weightsRefusal(w).contains("FIFO"),
                 qPrintable(weightsRefusal(w)));
        QVERIFY(w.controls()->spec().weightsPath.empty());
        QVERIFY(before.keptAsIs(w));
        QVERIFY2(gaps.maxOwnGapMs() <= maxOwnGapMs(), qPrintable(gaps.summary()));

        // The window is not stuck behind the FIFO: a real picture opens and computes.
        const QString photo = dir.filePath("astronaut.png");
        QVERIFY(QFile::copy(":/samples/astronaut.png", photo));
        w.openImage(photo);
        QVERIFY(settle(w));
        QCOMPARE(w.session()->imageName(), QString("astronaut.png"));
        QVERIFY(w.session()->current() && w.session()->current()->imageName == "astronaut.png");
    }

    // An .npz whose one member, proj.weight.npy, inflates to 1.25 GiB from 8 MB: refused from
    // the member's header (its inflated size) within 2 s, the process's peak memory staying low,
    // the message naming the member or its size; the random weights stay in use.
    void aZipBombAsWeightsIsRefusedFromItsHeader() {
        QTemporaryDir dir;
        const QString path = dir.filePath("bomb.npz");
        const std::int64_t rows = (std::int64_t(5) << 28) / (3 * 16 * 16 * 4); // 1.25 GiB
        const ZipBomb bomb = writeZipBomb(path, "proj.weight.npy", rows);
        QVERIFY(bomb.inflated > (std::uint64_t(1) << 30));
        QVERIFY(bomb.deflated < bomb.inflated / 100);
        QVERIFY(inflatesTo(path, bomb)); // a real bomb, with true headers

        MainWindow w("Tessera-errors-test");
        QVERIFY(showSample(w));
        const Shown before(w);
        GapMeter gaps;
        gaps.start();
        const bool peakKnown = resetPeakRss();
        const qint64 rssBefore = procStatusKiB("VmRSS").value_or(0);
        QElapsedTimer t;
        t.start();
        w.controls()->useWeightsFile(path);
        const bool ended = waitForWeightsFile(w, kErrorWithinMs);
        const qint64 ms = t.elapsed();
        const qint64 peakGrowth = procStatusKiB("VmHWM").value_or(0) - rssBefore;
        runEventLoop(200);
        gaps.stop();
        const QString why = weightsRefusal(w);
        std::printf("zip bomb (%llu bytes inflating to %llu): ended %d after %lld ms, peak RSS "
                    "growth %lld KiB: %s | status: %s; %s\n",
                    qulonglong(bomb.deflated), qulonglong(bomb.inflated), int(ended), qlonglong(ms),
                    qlonglong(peakGrowth), qPrintable(why), qPrintable(w.statusText()),
                    qPrintable(gaps.summary()));
        std::fflush(stdout);
        QVERIFY2(ended, "the zip bomb was still being read after 2 s");
        QVERIFY2(!why.isEmpty(),
                 qPrintable("not refused: " + w.controls()->weightsLabel()->text()));
        QVERIFY2(why.contains("bomb.npz"), qPrintable(why));
        const bool namesMemberOrSize = why.contains("proj.weight") ||
                                       why.contains(QString::number(bomb.inflated)) ||
                                       why.contains("GiB") || why.contains("GB");
        QVERIFY2(namesMemberOrSize, qPrintable(why));
        QVERIFY2(!why.contains("internal error"), qPrintable(why));
        QVERIFY(w.controls()->spec().weightsPath.empty());
        QVERIFY(settle(w));
        QVERIFY(before.keptAsIs(w));
        if (peakKnown)
            QVERIFY2(peakGrowth < kMaxPeakGrowthKiB, qPrintable(QString::number(peakGrowth)));
        QVERIFY2(gaps.maxOwnGapMs() <= maxOwnGapMs(), qPrintable(gaps.summary()));
    }
};

QTEST_MAIN(TestAppErrors)
#include "test_app_errors.moc"
