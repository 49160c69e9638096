// Checks on rendered pictures shared by the UI tests: a grab that is blank has few colours.
#pragma once

#include <QImage>
#include <QSet>

namespace tessera::ui::testing {

// The colours of every `step`-th pixel in each direction.
inline int distinctColours(const QImage& image, int step = 3) {
    QSet<QRgb> colours;
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < img.height(); y += step)
        for (int x = 0; x < img.width(); x += step)
            colours.insert(img.pixel(x, y));
    return int(colours.size());
}

} // namespace tessera::ui::testing
