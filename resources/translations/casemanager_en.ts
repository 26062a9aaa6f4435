<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AppealDialog</name>
    <message numerus="yes">
        <source>%n more case(s)</source>
        <translation type="vanished">
            <numerusform>%n more case</numerusform>
            <numerusform>%n more cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln more case(s)</source>
        <translation>
            <numerusform>%Ln more case</numerusform>
            <numerusform>%Ln more cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message numerus="yes">
        <source>%n entries</source>
        <translation type="vanished">
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln entries</source>
        <translation>
            <numerusform>%Ln entry</numerusform>
            <numerusform>%Ln entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message numerus="yes">
        <source>%n row(s) may be any of several cases and were left as they were: put the reference of the case to update in the file, or add or skip them.</source>
        <translation type="vanished">
            <numerusform>%n row may be any of several cases and was left as it was: put the reference of the case to update in the file, or add or skip it.</numerusform>
            <numerusform>%n rows may be any of several cases and were left as they were: put the reference of the case to update in the file, or add or skip them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n row(s) can be imported.</source>
        <translation type="vanished">
            <numerusform>The %n row can be imported.</numerusform>
            <numerusform>All %n rows can be imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) may be any of several cases and were left as they were: put the reference of the case to update in the file, or add or skip them.</source>
        <translation>
            <numerusform>%Ln row may be any of several cases and was left as it was: put the reference of the case to update in the file, or add or skip it.</numerusform>
            <numerusform>%Ln rows may be any of several cases and were left as they were: put the reference of the case to update in the file, or add or skip them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s) cannot be imported. Nothing will be imported until they are fixed: correct them in the file and import it again.</source>
        <translation>
            <numerusform>%1 of %Ln row cannot be imported. Nothing will be imported until it is fixed: correct it in the file and import it again.</numerusform>
            <numerusform>%1 of %Ln rows cannot be imported. Nothing will be imported until they are fixed: correct them in the file and import it again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln row(s) can be imported.</source>
        <translation>
            <numerusform>The %Ln row can be imported.</numerusform>
            <numerusform>All %Ln rows can be imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;%Ln&lt;/b&gt; row(s) from &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;%Ln&lt;/b&gt; row from &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%Ln&lt;/b&gt; rows from &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactsView</name>
    <message numerus="yes">
        <source>The first %Ln contact(s) are shown; search to find others.</source>
        <translation>
            <numerusform>The first %Ln contact is shown; search to find others.</numerusform>
            <numerusform>The first %Ln contacts are shown; search to find others.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> It is linked to %Ln case(s); the links go too.</source>
        <translation>
            <numerusform> It is linked to %Ln case; the link goes too.</numerusform>
            <numerusform> It is linked to %Ln cases; the links go too.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message numerus="yes">
        <source>%n cases</source>
        <translation type="vanished">
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln cases</source>
        <translation>
            <numerusform>%Ln case</numerusform>
            <numerusform>%Ln cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent %Ln page(s) to the printer; recorded in the disclosure ledger.</source>
        <translation>
            <numerusform>Sent %Ln page to the printer; recorded in the disclosure ledger.</numerusform>
            <numerusform>Sent %Ln pages to the printer; recorded in the disclosure ledger.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DueIndicator</name>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation type="vanished">
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n yours)</source>
        <translation type="vanished">
            <numerusform>(%n yours)</numerusform>
            <numerusform>(%n yours)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln overdue</source>
        <translation type="vanished">
            <numerusform>%Ln overdue</numerusform>
            <numerusform>%Ln overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln follow-up(s) overdue</source>
        <translation>
            <numerusform>%Ln follow-up overdue</numerusform>
            <numerusform>%Ln follow-ups overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%Ln yours)</source>
        <translation>
            <numerusform>(%Ln yours)</numerusform>
            <numerusform>(%Ln yours)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Due (%Ln overdue)</source>
        <translation>
            <numerusform>Due (%Ln overdue)</numerusform>
            <numerusform>Due (%Ln overdue)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message numerus="yes">
        <source>%n likely pair(s). Select one to compare or dismiss.</source>
        <translation type="vanished">
            <numerusform>%n likely pair. Select it to compare or dismiss.</numerusform>
            <numerusform>%n likely pairs. Select one to compare or dismiss.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln likely pair(s). Select one to compare or dismiss.</source>
        <translation>
            <numerusform>%Ln likely pair. Select it to compare or dismiss.</numerusform>
            <numerusform>%Ln likely pairs. Select one to compare or dismiss.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n case(s) written to %1</source>
        <translation type="vanished">
            <numerusform>%n case written to %1</numerusform>
            <numerusform>%n cases written to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln case(s) written to %1</source>
        <translation>
            <numerusform>%Ln case written to %1</numerusform>
            <numerusform>%Ln cases written to %1</numerusform>
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
    <name>MergeDialog</name>
    <message numerus="yes">
        <source>%Ln record(s) moved</source>
        <translation>
            <numerusform>%Ln record moved</numerusform>
            <numerusform>%Ln records moved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln spelling(s) kept as aliases</source>
        <translation>
            <numerusform>%Ln spelling kept as an alias</numerusform>
            <numerusform>%Ln spellings kept as aliases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiveBundleDialog</name>
    <message numerus="yes">
        <source>Taken in: %n case(s).</source>
        <translation type="vanished">
            <numerusform>Taken in: %n case.</numerusform>
            <numerusform>Taken in: %n cases.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Taken in: %Ln case(s).</source>
        <translation>
            <numerusform>Taken in: %Ln case.</numerusform>
            <numerusform>Taken in: %Ln cases.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendBundleDialog</name>
    <message numerus="yes">
        <source>Saved %1 for %2 (%n case(s)), signed and encrypted; recorded in the disclosure ledger.</source>
        <translation type="vanished">
            <numerusform>Saved %1 for %2 (%n case), signed and encrypted; recorded in the disclosure ledger.</numerusform>
            <numerusform>Saved %1 for %2 (%n cases), signed and encrypted; recorded in the disclosure ledger.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %1 for %2 (%Ln case(s)), signed and encrypted; recorded in the disclosure ledger.</source>
        <translation>
            <numerusform>Saved %1 for %2 (%Ln case), signed and encrypted; recorded in the disclosure ledger.</numerusform>
            <numerusform>Saved %1 for %2 (%Ln cases), signed and encrypted; recorded in the disclosure ledger.</numerusform>
        </translation>
    </message>
</context>
</TS>
