<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>GatewayOptions</name>
    <message>
        <source>Where bytespike.db and logs live.</source>
        <translation>Wo bytespike.db und die Protokolle liegen.</translation>
    </message>
    <message>
        <source>Public API address (default 127.0.0.1:8787; port 0 picks a free port).</source>
        <translation>Adresse der öffentlichen API (Standard 127.0.0.1:8787; Port 0 wählt einen freien Port).</translation>
    </message>
    <message>
        <source>Separate admin API address (default: the public listener).</source>
        <translation>Eigene Adresse für die Admin-API (Standard: die öffentliche Adresse).</translation>
    </message>
    <message>
        <source>error, warn, info or debug (default info).</source>
        <translation>error, warn, info oder debug (Standard: info).</translation>
    </message>
</context>
<context>
    <name>PricingExport</name>
    <message>
        <source>Rate card</source>
        <translation>Preisliste</translation>
    </message>
    <message>
        <source>Prices in US dollars per million tokens</source>
        <translation>Preise in US-Dollar pro Million Tokens</translation>
    </message>
    <message>
        <source>No models are offered right now.</source>
        <translation>Derzeit werden keine Modelle angeboten.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Cache-Schreiben</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>Cache-Lesen</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>Preisversion</translation>
    </message>
    <message>
        <source>Generated %1 from the gateway&apos;s channel registry</source>
        <translation>Erstellt am %1 aus dem Kanalregister des Gateways</translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <source>Statement</source>
        <translation>Kontoauszug</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>Preisversion</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>Anfangssaldo</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>Endsaldo</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>Belastung</translation>
    </message>
</context>
<context>
    <name>bytespike::JsonTableModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>bytespike::MainWindow</name>
    <message>
        <source>ByteSpike</source>
        <translation>ByteSpike</translation>
    </message>
    <message>
        <source>Console pages</source>
        <translation>Konsolenseiten</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Spr&amp;ache:</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Sprache der Oberfläche</translation>
    </message>
    <message>
        <source>Live rates</source>
        <translation>Live-Raten</translation>
    </message>
</context>
<context>
    <name>bytespike::OverviewPage</name>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Public API:</source>
        <translation>Öffentliche API:</translation>
    </message>
    <message>
        <source>Admin API:</source>
        <translation>Admin-API:</translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation>Datenverzeichnis:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Letzter Fehler:</translation>
    </message>
    <message>
        <source>Gateway state</source>
        <translation>Zustand des Gateways</translation>
    </message>
    <message>
        <source>Public API address</source>
        <translation>Adresse der öffentlichen API</translation>
    </message>
    <message>
        <source>Admin API address</source>
        <translation>Adresse der Admin-API</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <source>Start the gateway</source>
        <translation>Gateway starten</translation>
    </message>
    <message>
        <source>Stop the gateway</source>
        <translation>Gateway stoppen</translation>
    </message>
    <message>
        <source>Restart the gateway</source>
        <translation>Gateway neu starten</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>Stoppt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>Laufzeit:</translation>
    </message>
    <message>
        <source>Requests (last hour):</source>
        <translation>Anfragen (letzte Stunde):</translation>
    </message>
    <message>
        <source>Spend (last hour):</source>
        <translation>Umsatz (letzte Stunde):</translation>
    </message>
    <message>
        <source>Errors (last hour):</source>
        <translation>Fehler (letzte Stunde):</translation>
    </message>
    <message>
        <source>Pending holds:</source>
        <translation>Offene Reservierungen:</translation>
    </message>
    <message>
        <source>Gateway uptime</source>
        <translation>Laufzeit des Gateways</translation>
    </message>
    <message>
        <source>Requests in the last hour</source>
        <translation>Anfragen in der letzten Stunde</translation>
    </message>
    <message>
        <source>Spend in the last hour</source>
        <translation>Umsatz in der letzten Stunde</translation>
    </message>
    <message>
        <source>Errors in the last hour</source>
        <translation>Fehler in der letzten Stunde</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>Offene Reservierungen</translation>
    </message>
</context>
<context>
    <name>bytespike::RatesPage</name>
    <message>
        <source>Requests per second</source>
        <translation>Anfragen pro Sekunde</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>Spend per second</source>
        <translation>Ausgaben pro Sekunde</translation>
    </message>
    <message>
        <source>p95 latency (ms)</source>
        <translation>p95-Latenz (ms)</translation>
    </message>
    <message>
        <source>Error rate (%)</source>
        <translation>Fehlerquote (%)</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>&amp;Measure:</source>
        <translation>&amp;Messgröße:</translation>
    </message>
    <message>
        <source>S&amp;pan:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Measure shown in the chart</source>
        <translation>Im Diagramm gezeigte Messgröße</translation>
    </message>
    <message>
        <source>Time span shown in the chart</source>
        <translation>Im Diagramm gezeigter Zeitraum</translation>
    </message>
    <message>
        <source>Resume the live chart</source>
        <translation>Live-Diagramm fortsetzen</translation>
    </message>
    <message>
        <source>Pause the live chart</source>
        <translation>Live-Diagramm anhalten</translation>
    </message>
    <message>
        <source>Live rate chart, one line per endpoint</source>
        <translation>Live-Diagramm der Raten, eine Linie pro Endpunkt</translation>
    </message>
    <message>
        <source>Endpoints with their current rates and prices</source>
        <translation>Endpunkte mit aktuellen Raten und Preisen</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Spend/s</source>
        <translation>Ausgaben/s</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 ms</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Streams</source>
        <translation>Streams</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>Eingabe $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>Ausgabe $/MTok</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>Preisversion</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
</context>
</TS>
