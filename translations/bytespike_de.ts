<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
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
        <source>Generated %1 from the gateway's channel registry</source>
        <translation>Erstellt am %1 aus dem Kanalregister des Gateways</translation>
    </message>
</context>
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
</TS>
