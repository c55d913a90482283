// Benchmark (run by hand): the cost of Metrics::record() on the request path, per call, with a
// realistic spread over endpoints and customers. docs/BENCHMARKS.md has the figures.
//   build/tests/bench/bench_metrics_record [CALLS]
#include "metrics/Metrics.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <cstdio>

using namespace bytespike;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 calls = argc > 1 ? QByteArray(argv[1]).toLongLong() : 2000000;
    QStringList endpoints;
    QStringList customers;
    for (int i = 0; i < 8; ++i)
        endpoints << QStringLiteral("ch_%1/model-%1").arg(i);
    for (int i = 0; i < 200; ++i)
        customers << QStringLiteral("cus_%1").arg(i);
    Metrics metrics;
    RequestSample sample;
    sample.status = 200;
    sample.billed = true;
    sample.inputTokens = 1200;
    sample.outputTokens = 300;
    sample.spendMicros = 8100;
    QElapsedTimer clock;
    clock.start();
    for (qint64 i = 0; i < calls; ++i) {
        sample.endpoint = endpoints[int(i % endpoints.size())];
        sample.customer = customers[int(i % customers.size())];
        sample.latencyUs = 500 + (i * 7919) % 400000;
        sample.ttfbUs = sample.latencyUs / 3;
        metrics.record(sample);
    }
    const qint64 ns = clock.nsecsElapsed();
    QElapsedTimer snap;
    snap.start();
    const QJsonObject s = metrics.snapshot();
    const qint64 snapshotUs = snap.nsecsElapsed() / 1000;
    snap.restart();
    const QJsonObject feed = metrics.snapshot(false);
    const qint64 feedUs = snap.nsecsElapsed() / 1000;
    std::printf("%lld record() calls: %.1f ns per call; snapshot() over %d endpoints and %d customers: %lld us;"
                " the live feed's snapshot (endpoints only): %lld us\n",
        static_cast<long long>(calls), double(ns) / double(calls), int(endpoints.size()), int(customers.size()),
        static_cast<long long>(snapshotUs), static_cast<long long>(feedUs));
    return s.isEmpty() || feed.isEmpty() ? 1 : 0;
}
