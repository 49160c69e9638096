// A Session with the image view and the norm charts, wired as MainWindow wires them, in a window
// of their own: the views' tests drive them as a user would, and know each result's spec.
#pragma once

#include "image_view.hpp"
#include "norm_chart.hpp"
#include "session.hpp"

#include <QHBoxLayout>
#include <QImage>
#include <QPainter>
#include <QtTest>

namespace tessera::ui::test {

struct Views {
    Session session; // first: the views hold it, so it goes last
    QWidget window;
    ImageView* image = nullptr;
    NormChart* chart = nullptr;

    Views() {
        auto* layout = new QHBoxLayout(&window);
        image = new ImageView(&session);
        chart = new NormChart(&session);
        layout->addWidget(image, 3);
        layout->addWidget(chart, 2);
        QObject::connect(image, &ImageView::patchClicked, &session, &Session::select);
        QObject::connect(chart, &NormChart::patchClicked, &session, &Session::select);
        QObject::connect(chart, &NormChart::patchesClicked, &session, &Session::selectPatches);
        window.resize(1200, 700);
        window.show();
    }

    // Computes `spec` on `picture` and waits until the result is shown; false on a failure.
    bool run(const QImage& picture, const Spec& spec) {
        session.setSpec(spec);
        QString error;
        if (!session.setImage(picture, QStringLiteral("test"), &error))
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 120000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (!session.busy() && !session.failure().isEmpty())
                return false;
            if (!session.busy() && session.current() &&
                session.current()->generation == session.requestedGeneration()) {
                QCoreApplication::processEvents(); // let the charts lay out and repaint
                return true;
            }
        }
        return false;
    }

    const Result& result() const { return session.current()->result; }
    const Histogram& histogram() const { return session.current()->view->histogram; }
};

// Chelsea as the model sees her at img_size 224: 14×14 patches of 16.
inline Spec spec224() {
    Spec s;
    s.imgSize = Size2{224, 224};
    return s;
}

inline QImage chelsea() {
    return QImage(QStringLiteral(":/samples/chelsea.png"));
}

// Patch-sized blocks of random grey, `gw` × `gh` of them: every patch differs from its neighbours.
// Seeded, so a test sees the same picture every run (a random one made two patches equal once in
// a while, and their similarity maps with them).
inline QImage blocks(int gw, int gh, int patch = 16) {
    QImage small(gw, gh, QImage::Format_RGB32);
    QRandomGenerator gen(quint32(gw * 1000 + gh));
    for (int y = 0; y < gh; ++y)
        for (int x = 0; x < gw; ++x) {
            const int v = int(gen.bounded(256));
            small.setPixel(x, y, qRgb(v, (v * 7) % 256, 255 - v));
        }
    return small.scaled(gw * patch, gh * patch, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

} // namespace tessera::ui::test
