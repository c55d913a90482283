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
    <message>
        <source>No models are offered right now.</source>
        <translation>Derzeit werden keine Modelle angeboten.</translation>
    </message>
</context>
</TS>
