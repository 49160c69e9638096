// ExportJob: a shown result written to a file, on a worker thread, through the same exporter as
// `tessera-cli embed` (format by extension). It takes everything from the result itself: its
// Spec, the image's name and SHA-256, its weights, so the manifest always describes the numbers
// in the file, even when the controls have moved on since.
#pragma once

#include "compute_job.hpp"

#include <QFuture>
#include <QString>

#include <memory>

namespace tessera::ui {

// The future's value is the error, empty on success. `outcome` is kept alive by the job, so a
// newer result cannot free it mid-export.
QFuture<QString> exportOutcome(std::shared_ptr<const JobOutcome> outcome, const QString& path);

} // namespace tessera::ui
