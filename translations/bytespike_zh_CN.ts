<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PricingExport</name>
    <message>
        <source>Rate card</source>
        <translation>价目表</translation>
    </message>
    <message>
        <source>Prices in US dollars per million tokens</source>
        <translation>价格单位：美元 / 百万 token</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>缓存写入</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>缓存读取</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>价格版本</translation>
    </message>
    <message>
        <source>Generated %1 from the gateway's channel registry</source>
        <translation>生成于 %1，来源：网关渠道注册表</translation>
    </message>
    <message>
        <source>No models are offered right now.</source>
        <translation>当前没有提供任何模型。</translation>
    </message>
</context>
</TS>
