<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AppealDialog</name>
    <message numerus="yes">
        <source>%n more case(s)</source>
        <translation>
            <numerusform>%n more case</numerusform>
            <numerusform>%n more cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message numerus="yes">
        <source>%n row(s) may be any of several cases and were left as they were: put the reference of the case to update in the file, or add or skip them.</source>
        <translation>
            <numerusform>%n row may be any of several cases and was left as it was: put the reference of the case to update in the file, or add or skip it.</numerusform>
            <numerusform>%n rows may be any of several cases and were left as they were: put the reference of the case to update in the file, or add or skip them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n row(s) can be imported.</source>
        <translation>
            <numerusform>The %n row can be imported.</numerusform>
            <numerusform>All %n rows can be imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message numerus="yes">
        <source>%n cases</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DueIndicator</name>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n yours)</source>
        <translation>
            <numerusform>(%n yours)</numerusform>
            <numerusform>(%n yours)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message numerus="yes">
        <source>%n likely pair(s). Select one to compare or dismiss.</source>
        <translation>
            <numerusform>%n likely pair. Select it to compare or dismiss.</numerusform>
            <numerusform>%n likely pairs. Select one to compare or dismiss.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n case(s) written to %1</source>
        <translation>
            <numerusform>%n case written to %1</numerusform>
            <numerusform>%n cases written to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln case(s)</source>
        <translation>
            <numerusform>%Ln case</numerusform>
            <numerusform>%Ln cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiveBundleDialog</name>
    <message numerus="yes">
        <source>Taken in: %n case(s).</source>
        <translation>
            <numerusform>Taken in: %n case.</numerusform>
            <numerusform>Taken in: %n cases.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendBundleDialog</name>
    <message numerus="yes">
        <source>Saved %1 for %2 (%n case(s)), signed and encrypted; recorded in the disclosure ledger.</source>
        <translation>
            <numerusform>Saved %1 for %2 (%n case), signed and encrypted; recorded in the disclosure ledger.</numerusform>
            <numerusform>Saved %1 for %2 (%n cases), signed and encrypted; recorded in the disclosure ledger.</numerusform>
        </translation>
    </message>
</context>
</TS>
