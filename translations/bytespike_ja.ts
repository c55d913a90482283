<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>PricingExport</name>
    <message>
        <source>Rate card</source>
        <translation>料金表</translation>
    </message>
    <message>
        <source>Prices in US dollars per million tokens</source>
        <translation>価格は100万トークンあたりの米ドル</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>チャネル</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>キャッシュ書き込み</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>キャッシュ読み取り</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>価格バージョン</translation>
    </message>
    <message>
        <source>Generated %1 from the gateway's channel registry</source>
        <translation>%1 にゲートウェイのチャネル登録から生成</translation>
    </message>
    <message>
        <source>No models are offered right now.</source>
        <translation>現在提供しているモデルはありません。</translation>
    </message>
</context>
</TS>
