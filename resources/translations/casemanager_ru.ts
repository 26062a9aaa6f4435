<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name></name>
    <message>
        <source>Delete case</source>
        <translation>Удалить дело</translation>
    </message>
    <message>
        <source>Delete case %s (%s) with its whole file: contact links, appeals, events, attachments?

This cannot be undone.</source>
        <translation>Удалить дело %s (%s) целиком: связи с контактами, обращения, события, вложения?

Это действие нельзя отменить.</translation>
    </message>
    <message>
        <source>no name</source>
        <translation>без имени</translation>
    </message>
    <message>
        <source>Adding %d demo cases…</source>
        <translation>Добавление демонстрационных дел (%d)…</translation>
    </message>
    <message>
        <source>Add demo data</source>
        <translation>Добавить демо-данные</translation>
    </message>
    <message>
        <source>Adding demo data</source>
        <translation>Добавление демо-данных</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Сроки</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation>Обмены</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>&amp;Import a list…</source>
        <translation>&amp;Импорт списка…</translation>
    </message>
    <message>
        <source>Read cases from a CSV or Excel file</source>
        <translation>Загрузить дела из файла CSV или Excel</translation>
    </message>
    <message>
        <source>&amp;Export the list…</source>
        <translation>&amp;Экспорт списка…</translation>
    </message>
    <message>
        <source>Write the cases shown to a CSV or Excel file</source>
        <translation>Сохранить показанные дела в файл CSV или Excel</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Создать резервную копию</translation>
    </message>
    <message>
        <source>Copy the whole database to a file you choose</source>
        <translation>Скопировать всю базу данных в выбранный файл</translation>
    </message>
    <message>
        <source>&amp;Restore from a backup…</source>
        <translation>Восстановить из &amp;резервной копии…</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>&amp;Журнал аудита</translation>
    </message>
    <message>
        <source>Likely d&amp;uplicates…</source>
        <translation>Возможные д&amp;убликаты…</translation>
    </message>
    <message>
        <source>&amp;Due follow-ups</source>
        <translation>Контрольные с&amp;роки</translation>
    </message>
    <message>
        <source>&amp;Exchanges</source>
        <translation>&amp;Обмены</translation>
    </message>
    <message>
        <source>O&amp;verview</source>
        <translation>С&amp;водка</translation>
    </message>
    <message>
        <source>Add to &amp;exchange list…</source>
        <translation>Включить в список на о&amp;бмен…</translation>
    </message>
    <message>
        <source>Put the selected cases on the exchange chosen in Exchanges</source>
        <translation>Включить выбранные дела в список обмена, выбранного в разделе «Обмены»</translation>
    </message>
    <message>
        <source>&amp;Dossier…</source>
        <translation>&amp;Досье…</translation>
    </message>
    <message>
        <source>Make a PDF dossier of the selected cases (Ctrl+P)</source>
        <translation>Составить досье PDF по выбранным делам (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Нас&amp;тройки…</translation>
    </message>
    <message>
        <source>Connect to a ser&amp;ver…</source>
        <translation>&amp;Подключиться к серверу…</translation>
    </message>
    <message>
        <source>Open the office&apos;s shared database: server, login and password</source>
        <translation>Открыть общую базу организации: сервер, логин и пароль</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>%1 has changes that are not saved. The bundle holds the case as it is saved: save the changes first?</source>
        <translation>В деле %1 есть несохранённые изменения. В пакет попадёт дело в сохранённом виде: сначала сохранить изменения?</translation>
    </message>
    <message>
        <source>%1 has changes that are not saved, and the bundle may change it too: save the changes first?</source>
        <translation>В %1 есть несохранённые изменения, а пакет тоже может их изменить. Сначала сохранить изменения?</translation>
    </message>
    <message>
        <source>Send to &amp;partner…</source>
        <translation>Отправить &amp;партнёру…</translation>
    </message>
    <message>
        <source>Send the selected cases to a partner, signed and encrypted</source>
        <translation>Отправить выбранные дела партнёру, подписанными и зашифрованными</translation>
    </message>
    <message>
        <source>Receive from &amp;partner…</source>
        <translation>Принять от п&amp;артнёра…</translation>
    </message>
    <message>
        <source>Take in a bundle a partner sent</source>
        <translation>Принять пакет, присланный партнёром</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Case Manager</source>
        <translation>Case Manager</translation>
    </message>
    <message>
        <source>The database cannot be opened.</source>
        <translation>Не удаётся открыть базу данных.</translation>
    </message>
    <message>
        <source>Case Manager (process {pid})</source>
        <translation>Case Manager (процесс {pid})</translation>
    </message>
    <message>
        <source>another Case Manager window</source>
        <translation>другом окне Case Manager</translation>
    </message>
    <message>
        <source>This database is already open in {holder}.</source>
        <translation>Эта база данных уже открыта в {holder}.</translation>
    </message>
    <message>
        <source>Opening it twice would show two different states of the same cases. Switch to the open window?</source>
        <translation>Если открыть её дважды, одни и те же дела будут показаны в двух разных состояниях. Перейти к открытому окну?</translation>
    </message>
    <message>
        <source>Switch to It</source>
        <translation>Перейти к нему</translation>
    </message>
</context>
<context>
    <name>AppealDialog</name>
    <message>
        <source>letter</source>
        <translation>письмо</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>эл. почта</translation>
    </message>
    <message>
        <source>fax</source>
        <translation>факс</translation>
    </message>
    <message>
        <source>in person</source>
        <translation>лично</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>телефон</translation>
    </message>
    <message>
        <source>online form</source>
        <translation>онлайн-форма</translation>
    </message>
    <message>
        <source>messenger</source>
        <translation>мессенджер</translation>
    </message>
    <message>
        <source>Edit appeal</source>
        <translation>Изменить обращение</translation>
    </message>
    <message>
        <source>Add appeal</source>
        <translation>Новое обращение</translation>
    </message>
    <message>
        <source>Someone else: search by name, phone, place or case…</source>
        <translation>Другой адресат: поиск по имени, телефону, месту или делу…</translation>
    </message>
    <message>
        <source>Find another recipient</source>
        <translation>Найти другого адресата</translation>
    </message>
    <message numerus="yes">
        <source>%Ln more case(s)</source>
        <translation>
            <numerusform>ещё %Ln дело</numerusform>
            <numerusform>ещё %Ln дела</numerusform>
            <numerusform>ещё %Ln дел</numerusform>
        </translation>
    </message>
    <message>
        <source>(no recipient yet)</source>
        <translation>(адресат не выбран)</translation>
    </message>
    <message>
        <source>This case&apos;s contacts</source>
        <translation>Контакты этого дела</translation>
    </message>
    <message>
        <source>Embassies, ICRC and other organisations</source>
        <translation>Посольства, МККК и другие организации</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 — дело %2</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>по делу %1</translation>
    </message>
    <message numerus="yes">
        <source>%n more case(s)</source>
        <translation type="vanished">
            <numerusform>ещё %n дело</numerusform>
            <numerusform>ещё %n дела</numerusform>
            <numerusform>ещё %n дел</numerusform>
        </translation>
    </message>
    <message>
        <source>phone …%1</source>
        <translation>тел. …%1</translation>
    </message>
    <message>
        <source>No contact matches “%1”</source>
        <translation>Нет контактов по запросу «%1»</translation>
    </message>
    <message>
        <source>Found by search</source>
        <translation>Найдено поиском</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Адресат</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Способ</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Reference number</source>
        <translation>Исходящий номер</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>Контрольный срок</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Answered on</source>
        <translation>Дата ответа</translation>
    </message>
    <message>
        <source>Answer summary</source>
        <translation>Содержание ответа</translation>
    </message>
</context>
<context>
    <name>AppealsSection</name>
    <message>
        <source>Appeals</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Адресат</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Способ</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>Контроль</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Add appeal…</source>
        <translation>Добавить обращение…</translation>
    </message>
    <message>
        <source>Letter…</source>
        <translation>Письмо…</translation>
    </message>
    <message>
        <source>Write the appeal letter from the template, in the interface language, and attach it to the case</source>
        <translation>Составить письмо по обращению из шаблона на языке интерфейса и приложить его к делу</translation>
    </message>
    <message>
        <source>Letter not made</source>
        <translation>Письмо не составлено</translation>
    </message>
    <message>
        <source>this appeal</source>
        <translation>это обращение</translation>
    </message>
    <message>
        <source>Delete appeal</source>
        <translation>Удалить обращение</translation>
    </message>
    <message>
        <source>Delete the appeal “%1”?</source>
        <translation>Удалить обращение «%1»?</translation>
    </message>
</context>
<context>
    <name>AttachmentsSection</name>
    <message>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Добавить файлы…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Set as portrait</source>
        <translation>Сделать портретом</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <source>Drop photos or documents here to attach them.</source>
        <translation>Перетащите сюда фотографии или документы, чтобы приложить их.</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 КБ</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Портрет</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Приложить файлы</translation>
    </message>
    <message>
        <source>Not attached:</source>
        <translation>Не прикреплено:</translation>
    </message>
    <message>
        <source>Attaching files…</source>
        <translation>Прикрепляем файлы…</translation>
    </message>
    <message>
        <source>Delete attachment</source>
        <translation>Удалить вложение</translation>
    </message>
    <message>
        <source>Delete %1 from the case? It is removed from the database.</source>
        <translation>Удалить %1 из дела? Файл будет удалён из базы данных.</translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message>
        <source>Audit log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>Case, e.g. CM-0012</source>
        <translation>Дело, напр. CM-0012</translation>
    </message>
    <message>
        <source>From 2024-03-01</source>
        <translation type="vanished">С 2024-03-01</translation>
    </message>
    <message>
        <source>To 2024-03-31</source>
        <translation type="vanished">По 2024-03-31</translation>
    </message>
    <message>
        <source>From 01.03.2024</source>
        <translation>С 01.03.2024</translation>
    </message>
    <message>
        <source>To 31.03.2024</source>
        <translation>По 31.03.2024</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Экспорт в CSV…</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>Все пользователи</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Все действия</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source> (the newest; narrow the filters)</source>
        <translation> (самые новые; уточните фильтры)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entries</source>
        <translation>
            <numerusform>%Ln запись</numerusform>
            <numerusform>%Ln записи</numerusform>
            <numerusform>%Ln записей</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation type="vanished">
            <numerusform>%n запись</numerusform>
            <numerusform>%n записи</numerusform>
            <numerusform>%n записей</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Экспорт журнала аудита</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>When (UTC)</source>
        <translation type="vanished">Когда (UTC)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <source>In the database:</source>
        <translation>В базе данных:</translation>
    </message>
    <message>
        <source>before:</source>
        <translation>было:</translation>
    </message>
    <message>
        <source>after:</source>
        <translation>стало:</translation>
    </message>
</context>
<context>
    <name>AuditWords</name>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Куратор</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Примечания</translation>
    </message>
    <message>
        <source>Confidential notes</source>
        <translation>Конфиденциальные заметки</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <source>Native script</source>
        <translation>ФИО (в оригинальном написании)</translation>
    </message>
    <message>
        <source>Latin</source>
        <translation>Латиницей</translation>
    </message>
    <message>
        <source>Other spellings</source>
        <translation>Другие написания</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Пол</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>Place of birth</source>
        <translation>Место рождения</translation>
    </message>
    <message>
        <source>Citizenships</source>
        <translation>Гражданство</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>Национальность</translation>
    </message>
    <message>
        <source>Home region</source>
        <translation>Регион проживания</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Языки</translation>
    </message>
    <message>
        <source>Father&apos;s first name</source>
        <translation>Имя отца</translation>
    </message>
    <message>
        <source>Mother&apos;s maiden name</source>
        <translation>Девичья фамилия матери</translation>
    </message>
    <message>
        <source>Person to inform</source>
        <translation>Лицо для уведомления</translation>
    </message>
    <message>
        <source>Last proof of life</source>
        <translation>Последнее подтверждение, что жив(а)</translation>
    </message>
    <message>
        <source>Source of the last proof of life</source>
        <translation>Источник последнего подтверждения</translation>
    </message>
    <message>
        <source>Affiliation</source>
        <translation>Принадлежность</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Подразделение</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Звание</translation>
    </message>
    <message>
        <source>Service number</source>
        <translation>Личный номер</translation>
    </message>
    <message>
        <source>Recruitment</source>
        <translation>Способ набора</translation>
    </message>
    <message>
        <source>Capture date</source>
        <translation>Дата пленения</translation>
    </message>
    <message>
        <source>Capture place</source>
        <translation>Место пленения</translation>
    </message>
    <message>
        <source>Detaining party</source>
        <translation>Удерживающая сторона</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Здоровье</translation>
    </message>
    <message>
        <source>Medical urgency</source>
        <translation>Срочность медпомощи</translation>
    </message>
    <message>
        <source>ICRC registration number</source>
        <translation>Номер регистрации МККК</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <source>Partners&apos; references</source>
        <translation>Номера у партнёров</translation>
    </message>
    <message>
        <source>Document type</source>
        <translation>Вид документа</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Issuing country</source>
        <translation>Страна выдачи</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>Facility</source>
        <translation>Учреждение</translation>
    </message>
    <message>
        <source>Location disclosed</source>
        <translation>Место раскрыто</translation>
    </message>
    <message>
        <source>Holding party</source>
        <translation>Содержащая сторона</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Ссылка</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Площадка</translation>
    </message>
    <message>
        <source>Signs of coercion</source>
        <translation>Признаки принуждения</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Адресат</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Способ</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Their reference</source>
        <translation>Их номер</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>Контрольный срок</translation>
    </message>
    <message>
        <source>Answered on</source>
        <translation>Дата ответа</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Содержание</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Достоверность</translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation>Конфиденциально</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Задача</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Исполнитель</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Кем приходится</translation>
    </message>
    <message>
        <source>May be shared with embassies</source>
        <translation>Можно сообщать посольствам</translation>
    </message>
    <message>
        <source>May be shared with the ICRC</source>
        <translation>Можно сообщать МККК</translation>
    </message>
    <message>
        <source>May be shared with the media</source>
        <translation>Можно сообщать СМИ</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Имя файла</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Тип файла</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Обмен</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Освобождение по обмену</translation>
    </message>
    <message>
        <source>Release date</source>
        <translation>Дата освобождения</translation>
    </message>
    <message>
        <source>case</source>
        <translation>дело</translation>
    </message>
    <message>
        <source>document</source>
        <translation>документ</translation>
    </message>
    <message>
        <source>custody</source>
        <translation>место содержания</translation>
    </message>
    <message>
        <source>media appearance</source>
        <translation>материал СМИ</translation>
    </message>
    <message>
        <source>appeal</source>
        <translation>обращение</translation>
    </message>
    <message>
        <source>event</source>
        <translation>событие</translation>
    </message>
    <message>
        <source>task</source>
        <translation>задача</translation>
    </message>
    <message>
        <source>contact</source>
        <translation>контакт</translation>
    </message>
    <message>
        <source>contact of the case</source>
        <translation>контакт дела</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>вложение</translation>
    </message>
    <message>
        <source>status</source>
        <translation>статус</translation>
    </message>
    <message>
        <source>disclosure</source>
        <translation>передача сведений</translation>
    </message>
    <message>
        <source>exchange</source>
        <translation>обмен</translation>
    </message>
    <message>
        <source>partner&apos;s data</source>
        <translation>данные партнёра</translation>
    </message>
    <message>
        <source>partner&apos;s bundle</source>
        <translation>пакет партнёра</translation>
    </message>
    <message>
        <source>key pair</source>
        <translation>пара ключей</translation>
    </message>
    <message>
        <source>partner&apos;s key</source>
        <translation>ключ партнёра</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>настройка</translation>
    </message>
    <message>
        <source>case list</source>
        <translation>список дел</translation>
    </message>
    <message>
        <source>other spelling</source>
        <translation>другое написание</translation>
    </message>
    <message>
        <source>citizenship</source>
        <translation>гражданство</translation>
    </message>
    <message>
        <source>partner&apos;s reference</source>
        <translation>номер партнёра</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>метка</translation>
    </message>
    <message>
        <source>place on an exchange list</source>
        <translation>место в списке на обмен</translation>
    </message>
    <message>
        <source>person named on a restricted case</source>
        <translation>допущенный к делу с ограниченным доступом</translation>
    </message>
    <message>
        <source>case of an imported list</source>
        <translation>дело из импортированного списка</translation>
    </message>
    <message>
        <source>contact&apos;s phone, e-mail or messenger</source>
        <translation>телефон, эл. почта или мессенджер контакта</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Record number</source>
        <translation>Номер записи</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Номер дела</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создано</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>Последнее изменение</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>Merged into</source>
        <translation>Объединено с</translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation>Ограниченный доступ</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Порядок</translation>
    </message>
    <message>
        <source>Spelling</source>
        <translation>Написание</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Метка</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Записано</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Кем записано</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>May be shared with partners</source>
        <translation>Можно передавать партнёрам</translation>
    </message>
    <message>
        <source>Appeal</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Портрет</translation>
    </message>
    <message>
        <source>File content</source>
        <translation>Содержимое файла</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Составлено</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Кем составлено</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлено</translation>
    </message>
    <message>
        <source>Added by</source>
        <translation>Кем добавлено</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Пометка</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <source>Messenger</source>
        <translation>Мессенджер</translation>
    </message>
    <message>
        <source>created</source>
        <translation>создано</translation>
    </message>
    <message>
        <source>added</source>
        <translation>добавлено</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>изменено</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>удалено</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>открыто</translation>
    </message>
    <message>
        <source>viewed</source>
        <translation>просмотрено</translation>
    </message>
    <message>
        <source>restricted</source>
        <translation>доступ ограничен</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>объединено</translation>
    </message>
    <message>
        <source>linked</source>
        <translation>связано</translation>
    </message>
    <message>
        <source>unlinked</source>
        <translation>связь удалена</translation>
    </message>
    <message>
        <source>partner&apos;s data accepted</source>
        <translation>приняты данные партнёра</translation>
    </message>
    <message>
        <source>partner&apos;s data rejected</source>
        <translation>отклонены данные партнёра</translation>
    </message>
    <message>
        <source>demonstration cases made</source>
        <translation>созданы демонстрационные дела</translation>
    </message>
    <message>
        <source>changed directly in the database, not through Case Manager</source>
        <translation>изменено прямо в базе данных, не через Case Manager</translation>
    </message>
    <message>
        <source>dossier made</source>
        <translation>подготовлено досье</translation>
    </message>
    <message>
        <source>written to a list (export)</source>
        <translation>выгружено в список (экспорт)</translation>
    </message>
    <message>
        <source>listed (command line)</source>
        <translation>выведено в списке (командная строка)</translation>
    </message>
    <message>
        <source>list imported</source>
        <translation>импортирован список</translation>
    </message>
    <message>
        <source>partner&apos;s key added</source>
        <translation>добавлен ключ партнёра</translation>
    </message>
    <message>
        <source>key pair made</source>
        <translation>создана пара ключей</translation>
    </message>
    <message>
        <source>partner&apos;s key removed</source>
        <translation>удалён ключ партнёра</translation>
    </message>
    <message>
        <source>key pair replaced (the old one retired)</source>
        <translation>пара ключей заменена (старая выведена из употребления)</translation>
    </message>
    <message>
        <source>merged into another case</source>
        <translation>присоединено к другому делу</translation>
    </message>
    <message>
        <source>marked as not the same person</source>
        <translation>отмечено: это разные люди</translation>
    </message>
    <message>
        <source>received from a partner</source>
        <translation>получено от партнёра</translation>
    </message>
    <message>
        <source>partner&apos;s bundle received</source>
        <translation>получен пакет партнёра</translation>
    </message>
    <message>
        <source>setting changed</source>
        <translation>изменена настройка</translation>
    </message>
    <message>
        <source>merge undone</source>
        <translation>объединение отменено</translation>
    </message>
    <message>
        <source>removed: withdrawn by the partner it came from</source>
        <translation>удалено: отозвано партнёром, от которого получено</translation>
    </message>
    <message>
        <source>details erased: the family no longer shares them</source>
        <translation>данные стёрты: семья больше не разрешает их передавать</translation>
    </message>
    <message>
        <source>(erased)</source>
        <translation>(стёрто)</translation>
    </message>
    <message>
        <source>letter made</source>
        <translation>подготовлено письмо</translation>
    </message>
    <message>
        <source>bundle sent to a partner</source>
        <translation>пакет отправлен партнёру</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%2: %1</translation>
    </message>
    <message>
        <source>contact %1</source>
        <translation>контакт %1</translation>
    </message>
    <message>
        <source>contact %1 (deleted)</source>
        <translation>контакт %1 (удалён)</translation>
    </message>
</context>
<context>
    <name>BackgroundTask</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>Case Manager backups (*.db);;All files (*)</source>
        <translation>Резервные копии Case Manager (*.db);;Все файлы (*)</translation>
    </message>
    <message>
        <source>This database is on a PostgreSQL server. Back it up on the server with pg_dump (ask whoever runs the server).</source>
        <translation>Эта база данных находится на сервере PostgreSQL. Резервную копию делают на сервере с помощью pg_dump (обратитесь к администратору сервера).</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>Резервная копия</translation>
    </message>
    <message>
        <source>Back up the database to</source>
        <translation>Сохранить резервную копию базы в</translation>
    </message>
    <message>
        <source>Keep %1 with it: the backup is encrypted and cannot be opened without that file.</source>
        <translation>Храните рядом с ней файл %1: копия зашифрована и без этого файла не откроется.</translation>
    </message>
    <message>
        <source>Backed up to %1.</source>
        <translation>Резервная копия сохранена: %1.</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Резервное копирование…</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>Резервная копия не создана</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановление</translation>
    </message>
    <message>
        <source>%1 was encrypted with another passphrase. Enter it:</source>
        <translation>Копия %1 зашифрована другим паролем. Введите его:</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Восстановить из резервной копии</translation>
    </message>
    <message>
        <source>Replace the open database with the backup %1?

Changes made since that backup will no longer be in the database; the current file is kept next to it (…replaced-DATE) in case you need it.</source>
        <translation>Заменить открытую базу данных резервной копией %1?

Изменений, сделанных после этой копии, в базе не останется; текущий файл сохраняется рядом (…replaced-ДАТА) на случай, если он понадобится.</translation>
    </message>
    <message>
        <source>%1 is not a Case Manager backup (nor an encrypted one with its key file %2 beside it)</source>
        <translation>%1 не является резервной копией Case Manager (и не зашифрованной копией с файлом ключа %2 рядом)</translation>
    </message>
    <message>
        <source>%1 is a backup of another database (%2 cases; the open one holds %3). Replace the open database with it anyway?</source>
        <translation type="vanished">%1 — резервная копия другой базы данных (дел: %2; в открытой базе: %3). Всё равно заменить открытую базу этой копией?</translation>
    </message>
    <message>
        <source>The replaced database was kept as %1.</source>
        <translation>Заменённая база данных сохранена как %1.</translation>
    </message>
    <message>
        <source>The backup was not encrypted: it was restored encrypted with this database&apos;s key (the passphrase is unchanged).</source>
        <translation>Резервная копия не была зашифрована: она восстановлена зашифрованной ключом этой базы (парольная фраза не изменилась).</translation>
    </message>
    <message>
        <source>The backup had no SHA-256 file, so whether it changed since it was made could not be checked.</source>
        <translation>У резервной копии нет файла SHA-256, поэтому нельзя проверить, не изменилась ли она после создания.</translation>
    </message>
    <message>
        <source>Restored from %1.</source>
        <translation>Восстановлено из %1.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Восстановление…</translation>
    </message>
    <message>
        <source>Backing up before closing…</source>
        <translation>Резервная копия перед закрытием…</translation>
    </message>
    <message>
        <source>Checking the database…</source>
        <translation>Проверка базы данных…</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>База данных повреждена</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Восстановление не удалось</translation>
    </message>
    <message>
        <source>%1 is a backup of another database (cases in it: %2; in the open one: %3). Replace the open database with it anyway?</source>
        <translation>%1 — резервная копия другой базы данных (дел в ней: %2; в открытой базе: %3). Всё равно заменить открытую базу этой копией?</translation>
    </message>
    <message>
        <source>Waiting for the backup to stop…</source>
        <translation>Ожидание остановки резервного копирования…</translation>
    </message>
    <message>
        <source>Automatic backup failed</source>
        <translation>Автоматическая резервная копия не создана</translation>
    </message>
    <message>
        <source>Daily backup failed</source>
        <translation>Ежедневная резервная копия не создана</translation>
    </message>
    <message>
        <source>The daily backup failed: %1</source>
        <translation>Ежедневная резервная копия не создана: %1</translation>
    </message>
    <message>
        <source>Daily backup…</source>
        <translation>Ежедневное резервное копирование…</translation>
    </message>
</context>
<context>
    <name>CaseEditor</name>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Save the case (Ctrl+S)</source>
        <translation>Сохранить дело (Ctrl+S)</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Открывается…</translation>
    </message>
    <message>
        <source>This date is in the future: is the year right? (kept as typed)</source>
        <translation>Дата в будущем: год указан верно? (сохраняется как введено)</translation>
    </message>
    <message>
        <source>Before the date of birth: is one of the years wrong? (kept as typed)</source>
        <translation>Раньше даты рождения: не ошибка ли в годе? (сохраняется как введено)</translation>
    </message>
    <message>
        <source>Makes the person %1 when captured: a child? (kept as typed)</source>
        <translation>Возраст при пленении: %1 — несовершеннолетний? (сохраняется как введено)</translation>
    </message>
    <message>
        <source>Makes the person %1 today: a child? (kept as typed)</source>
        <translation>Возраст сегодня: %1 — несовершеннолетний? (сохраняется как введено)</translation>
    </message>
    <message>
        <source>Makes the person %1 when captured: is the year right? (kept as typed)</source>
        <translation>Возраст при пленении: %1 — год указан верно? (сохраняется как введено)</translation>
    </message>
    <message>
        <source>Makes the person %1 today: is the year right? (kept as typed)</source>
        <translation>Возраст сегодня: %1 — год указан верно? (сохраняется как введено)</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Новое дело</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>Ещё не сохранено</translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation>Ограниченный доступ</translation>
    </message>
    <message>
        <source>Lift the restriction</source>
        <translation>Снять ограничение</translation>
    </message>
    <message>
        <source>Restrict</source>
        <translation>Ограничить доступ</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>Не удаётся сохранить</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Открыть %1</translation>
    </message>
    <message>
        <source>This case was merged into %1. It is kept, closed and read-only, so that the merge can be undone: make changes in %1.</source>
        <translation>Это дело присоединено к делу %1. Оно сохранено закрытым и только для чтения, чтобы объединение можно было отменить: вносите изменения в %1.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>A restricted case is seen only by coordinators, its caseworker and the people named on it</source>
        <translation>Дело с ограниченным доступом видят только координаторы, его куратор и названные в нём люди</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>%1 has changes that are not saved. Save them before deciding on the partner&apos;s value?</source>
        <translation>В деле %1 есть несохранённые изменения. Сохранить их, прежде чем решать о значении партнёра?</translation>
    </message>
    <message>
        <source>Save the changes to %1?</source>
        <translation>Сохранить изменения в «%1»?</translation>
    </message>
    <message>
        <source>Delete case</source>
        <translation>Удалить дело</translation>
    </message>
    <message>
        <source>Delete %1 with all its records and attachments? This cannot be undone.</source>
        <translation>Удалить дело %1 со всеми записями и вложениями? Это действие нельзя отменить.</translation>
    </message>
</context>
<context>
    <name>CaseListView</name>
    <message>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <source>Default columns</source>
        <translation>Столбцы по умолчанию</translation>
    </message>
    <message>
        <source>No case matches these filters.</source>
        <translation>Ни одно дело не подходит под эти условия.</translation>
    </message>
    <message>
        <source>No case matches “%1”.</source>
        <translation>Ни одно дело не найдено по запросу «%1».</translation>
    </message>
    <message>
        <source>No closest names: %1</source>
        <translation>Похожие имена недоступны: %1</translation>
    </message>
    <message>
        <source>Closest names: %1</source>
        <translation>Похожие имена: %1</translation>
    </message>
</context>
<context>
    <name>CaseOperations</name>
    <message>
        <source>Delete case</source>
        <translation type="vanished">Удалить дело</translation>
    </message>
    <message>
        <source>Delete case %s (%s) with its whole file: contact links, appeals, events, attachments?

This cannot be undone.</source>
        <translation type="vanished">Удалить дело %s (%s) целиком: связи с контактами, обращения, события, вложения?

Это действие нельзя отменить.</translation>
    </message>
    <message>
        <source>no name</source>
        <translation type="vanished">без имени</translation>
    </message>
    <message>
        <source>Adding %d demo cases…</source>
        <translation type="vanished">Добавление демонстрационных дел (%d)…</translation>
    </message>
    <message>
        <source>Add demo data</source>
        <translation type="vanished">Добавить демо-данные</translation>
    </message>
    <message>
        <source>Adding demo data</source>
        <translation type="vanished">Добавление демо-данных</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Reference</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Native name</source>
        <translation>ФИО (в оригинале)</translation>
    </message>
    <message>
        <source>Citizenship</source>
        <translation>Гражданство</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>Пленение</translation>
    </message>
    <message>
        <source>Place of detention</source>
        <translation>Место содержания</translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation>Ближайший срок</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>Обновлено</translation>
    </message>
    <message>
        <source>location not disclosed</source>
        <translation>место не раскрыто</translation>
    </message>
    <message>
        <source>Case list</source>
        <translation>Список дел</translation>
    </message>
</context>
<context>
    <name>CaseTabs</name>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>Case Manager</source>
        <translation>Case Manager</translation>
    </message>
    <message>
        <source>The case editor is not part of this build.</source>
        <translation>Редактор дел не входит в эту сборку.</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Открыть дело</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Новое дело</translation>
    </message>
    <message>
        <source>%1 (unsaved changes)</source>
        <translation>%1 (есть несохранённые изменения)</translation>
    </message>
</context>
<context>
    <name>CaseworkerNameDialog</name>
    <message>
        <source>Your name</source>
        <translation type="vanished">Ваше имя</translation>
    </message>
    <message>
        <source>Welcome to Case Manager</source>
        <translation>Добро пожаловать в Case Manager</translation>
    </message>
    <message>
        <source>Your name as it appears in “Assigned to” on your cases. “My cases” and “my follow-ups” use it.</source>
        <translation>Ваше имя так, как оно указано в поле «Куратор» ваших дел. По нему отбираются «Мои дела» и «мои сроки».</translation>
    </message>
    <message>
        <source>e.g. Dilnoza Karimova</source>
        <translation>например, Дилноза Каримова</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>&amp;Ваше имя:</translation>
    </message>
    <message>
        <source>as it should head dossiers and letters</source>
        <translation>как её печатать в досье и письмах</translation>
    </message>
    <message>
        <source>Heads every dossier page and signs cover letters and appeals. Left blank, documents carry no organisation name until it is given in Settings.</source>
        <translation>Указывается вверху каждой страницы досье и в подписи сопроводительных писем и обращений. Если оставить пустым, название организации в документах не печатается, пока его не укажут в настройках.</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>&amp;Организация:</translation>
    </message>
    <message>
        <source>Please give your name, or press Cancel.</source>
        <translation>Укажите своё имя или нажмите «Отмена».</translation>
    </message>
    <message>
        <source>Organisation: %1</source>
        <translation>Организация: %1</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Skip this row</source>
        <translation>Пропустить эту строку</translation>
    </message>
    <message>
        <source>Update that case</source>
        <translation>Обновить то дело</translation>
    </message>
    <message>
        <source>Add as a new case</source>
        <translation>Добавить как новое дело</translation>
    </message>
    <message>
        <source>It may be any of several cases: put the reference of the one to update in the file</source>
        <translation>Это может быть любое из нескольких дел: укажите в файле номер того, которое нужно обновить</translation>
    </message>
    <message>
        <source>Checking every row</source>
        <translation>Проверка каждой строки</translation>
    </message>
    <message>
        <source>Every row is checked before anything is written.</source>
        <translation>Каждая строка проверяется до того, как что-либо будет записано.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Столбец</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Imported as they are, but worth a look (or fix them in the file):</source>
        <translation>Импортируются как есть, но стоит проверить (или исправьте в файле):</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Предупреждение</translation>
    </message>
    <message>
        <source>These rows look like cases already in the database. Choose for each:</source>
        <translation>Эти строки похожи на дела, которые уже есть в базе. Выберите для каждой:</translation>
    </message>
    <message>
        <source>Person in the file</source>
        <translation>Человек в файле</translation>
    </message>
    <message>
        <source>May be</source>
        <translation>Возможно, это</translation>
    </message>
    <message>
        <source>Choice</source>
        <translation>Решение</translation>
    </message>
    <message>
        <source>For the selected rows:</source>
        <translation>Для выбранных строк:</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Пропустить</translation>
    </message>
    <message>
        <source>Update the case</source>
        <translation>Обновить найденное дело</translation>
    </message>
    <message>
        <source>Add as new</source>
        <translation>Добавить как новые</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) may be any of several cases and were left as they were: put the reference of the case to update in the file, or add or skip them.</source>
        <translation>
            <numerusform>%Ln строка может быть любым из нескольких дел и оставлена как была: укажите в файле номер дела, которое нужно обновить, или добавьте её как новое дело, или пропустите.</numerusform>
            <numerusform>%Ln строки могут быть любым из нескольких дел и оставлены как были: укажите в файле номер дела, которое нужно обновить, или добавьте их как новые дела, или пропустите.</numerusform>
            <numerusform>%Ln строк могут быть любым из нескольких дел и оставлены как были: укажите в файле номер дела, которое нужно обновить, или добавьте их как новые дела, или пропустите.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s) cannot be imported. Nothing will be imported until they are fixed: correct them in the file and import it again.</source>
        <translation>
            <numerusform>Строк, которые нельзя импортировать: %1 из %Ln. Ничего не будет импортировано, пока они не исправлены: исправьте их в файле и импортируйте его снова.</numerusform>
            <numerusform>Строк, которые нельзя импортировать: %1 из %Ln. Ничего не будет импортировано, пока они не исправлены: исправьте их в файле и импортируйте его снова.</numerusform>
            <numerusform>Строк, которые нельзя импортировать: %1 из %Ln. Ничего не будет импортировано, пока они не исправлены: исправьте их в файле и импортируйте его снова.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln row(s) can be imported.</source>
        <translation>
            <numerusform>Все %Ln строку можно импортировать.</numerusform>
            <numerusform>Все %Ln строки можно импортировать.</numerusform>
            <numerusform>Все %Ln строк можно импортировать.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) may be any of several cases and were left as they were: put the reference of the case to update in the file, or add or skip them.</source>
        <translation type="vanished">
            <numerusform>%n строка может быть любым из нескольких дел и оставлена как была: укажите в файле номер дела, которое нужно обновить, или добавьте её как новое дело, или пропустите.</numerusform>
            <numerusform>%n строки могут быть любым из нескольких дел и оставлены как были: укажите в файле номер дела, которое нужно обновить, или добавьте их как новые дела, или пропустите.</numerusform>
            <numerusform>%n строк могут быть любым из нескольких дел и оставлены как были: укажите в файле номер дела, которое нужно обновить, или добавьте их как новые дела, или пропустите.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>Checking the list</source>
        <translation>Проверка списка</translation>
    </message>
    <message>
        <source>The check failed: %1</source>
        <translation>Проверка не удалась: %1</translation>
    </message>
    <message>
        <source>%1 of %2 rows cannot be imported. Nothing will be imported until they are fixed: correct them in the file and import it again.</source>
        <translation type="vanished">Строк, которые нельзя импортировать: %1 из %2. Ничего не будет импортировано, пока они не исправлены: исправьте их в файле и импортируйте его снова.</translation>
    </message>
    <message numerus="yes">
        <source>All %n row(s) can be imported.</source>
        <translation type="vanished">
            <numerusform>Все %n строку можно импортировать.</numerusform>
            <numerusform>Все %n строки можно импортировать.</numerusform>
            <numerusform>Все %n строк можно импортировать.</numerusform>
        </translation>
    </message>
    <message>
        <source>All %1 rows can be imported.</source>
        <translation type="vanished">Все строки (%1) можно импортировать.</translation>
    </message>
    <message>
        <source>row %1:</source>
        <translation>строка %1:</translation>
    </message>
</context>
<context>
    <name>ClaimsBanner</name>
    <message>
        <source>Could not read the partners&apos; claims</source>
        <translation>Не удалось прочитать расхождения с партнёрами</translation>
    </message>
    <message>
        <source>A partner&apos;s file says otherwise: choose which to keep</source>
        <translation>В деле партнёра указано иначе: выберите, что оставить</translation>
    </message>
    <message>
        <source>%1 says %2 is “%3” (ours: “%4”)</source>
        <translation>%1: %2 — «%3» (в базе: «%4»)</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>пусто</translation>
    </message>
    <message>
        <source>Accept theirs</source>
        <translation>Принять их данные</translation>
    </message>
    <message>
        <source>Keep ours</source>
        <translation>Оставить как в базе</translation>
    </message>
    <message>
        <source>Could not save the choice</source>
        <translation>Не удалось сохранить выбор</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <source>Ready to import</source>
        <translation>Всё готово к импорту</translation>
    </message>
    <message>
        <source>Nothing has been written yet.</source>
        <translation>Пока ничего не записано.</translation>
    </message>
    <message>
        <source>Show the cases created or changed</source>
        <translation>Показать созданные и изменённые дела</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; rows from &lt;b&gt;%2&lt;/b&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;new cases: %3&lt;/li&gt;&lt;li&gt;existing cases updated: %4 (only from filled cells; nothing is erased)&lt;/li&gt;&lt;li&gt;rows skipped: %5&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;All rows are written together in one step, or none are. Press &lt;b&gt;Import&lt;/b&gt; to start.&lt;/p&gt;</source>
        <translation type="vanished">&lt;p&gt;Строк: &lt;b&gt;%1&lt;/b&gt; из файла &lt;b&gt;%2&lt;/b&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;новых дел: %3&lt;/li&gt;&lt;li&gt;обновляемых дел: %4 (только из заполненных ячеек; ничего не стирается)&lt;/li&gt;&lt;li&gt;пропускаемых строк: %5&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Все строки записываются вместе за один шаг — или ни одна. Нажмите &lt;b&gt;Импорт&lt;/b&gt;, чтобы начать.&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;%Ln&lt;/b&gt; row(s) from &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;Строк: &lt;b&gt;%Ln&lt;/b&gt; из файла &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;Строк: &lt;b&gt;%Ln&lt;/b&gt; из файла &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;Строк: &lt;b&gt;%Ln&lt;/b&gt; из файла &lt;b&gt;%1&lt;/b&gt;:&lt;/p&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;ul&gt;&lt;li&gt;new cases: %1&lt;/li&gt;&lt;li&gt;existing cases updated: %2 (only from filled cells; nothing is erased)&lt;/li&gt;&lt;li&gt;rows skipped: %3&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;All rows are written together in one step, or none are. Press &lt;b&gt;Import&lt;/b&gt; to start.&lt;/p&gt;</source>
        <translation type="vanished">&lt;ul&gt;&lt;li&gt;новых дел: %1&lt;/li&gt;&lt;li&gt;обновляемых дел: %2 (только из заполненных ячеек; ничего не стирается)&lt;/li&gt;&lt;li&gt;пропускаемых строк: %3&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Все строки записываются вместе за один шаг — или ни одна. Нажмите &lt;b&gt;Импорт&lt;/b&gt;, чтобы начать.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;ul&gt;&lt;li&gt;new cases: %1&lt;/li&gt;&lt;li&gt;existing cases updated: %2 (only from filled cells; nothing is erased)&lt;/li&gt;&lt;li&gt;rows the same as their case (nothing to change): %4&lt;/li&gt;&lt;li&gt;rows skipped: %3&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;All rows are written together in one step, or none are. Press &lt;b&gt;Import&lt;/b&gt; to start.&lt;/p&gt;</source>
        <translation>&lt;ul&gt;&lt;li&gt;новых дел: %1&lt;/li&gt;&lt;li&gt;обновляемых дел: %2 (только из заполненных ячеек; ничего не стирается)&lt;/li&gt;&lt;li&gt;строк, совпадающих со своим делом (менять нечего): %4&lt;/li&gt;&lt;li&gt;пропускаемых строк: %3&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Все строки записываются вместе за один шаг — или ни одна. Нажмите &lt;b&gt;Импорт&lt;/b&gt;, чтобы начать.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>Ничего не импортировано</translation>
    </message>
    <message>
        <source>Go Back to change the choices for these rows, or correct the file and start again.</source>
        <translation>Вернитесь назад, чтобы изменить решения для этих строк, или исправьте файл и начните заново.</translation>
    </message>
    <message>
        <source>&lt;p&gt;… and %1 more.&lt;/p&gt;</source>
        <translation>&lt;p&gt;… и ещё %1.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>Импорт отменён</translation>
    </message>
    <message>
        <source>The import was cancelled.</source>
        <translation>Импорт был отменён.</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Импорт не удался</translation>
    </message>
    <message>
        <source>The import failed: %1</source>
        <translation>Импорт не удался: %1</translation>
    </message>
    <message>
        <source>Nothing was written. Press Import to try again.</source>
        <translation>Ничего не записано. Нажмите «Импорт», чтобы попробовать снова.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Saved by someone else</source>
        <translation>Сохранено другим пользователем</translation>
    </message>
    <message>
        <source>%1 was saved by someone else while you were editing it. Your changes have not been saved, and nothing of theirs was overwritten.</source>
        <translation>Пока вы редактировали дело %1, его сохранил другой пользователь. Ваши изменения не сохранены, чужие изменения не затронуты.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Their value</source>
        <translation>Их значение</translation>
    </message>
    <message>
        <source>Your value</source>
        <translation>Ваше значение</translation>
    </message>
    <message>
        <source>They changed:</source>
        <translation>Они изменили:</translation>
    </message>
    <message>
        <source>Reload theirs, drop mine</source>
        <translation>Загрузить их версию, мои правки отбросить</translation>
    </message>
    <message>
        <source>Reload, keep my edits</source>
        <translation>Загрузить, оставив мои правки</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Edit contact</source>
        <translation>Изменить контакт</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>Новый контакт</translation>
    </message>
    <message>
        <source>Person or office, as you would address it</source>
        <translation>Человек или учреждение, как в обращении</translation>
    </message>
    <message>
        <source>UZ or Uzbekistan</source>
        <translation>UZ или Узбекистан</translation>
    </message>
    <message>
        <source>ru, uz, en…</source>
        <translation>ru, uz, en…</translation>
    </message>
    <message>
        <source>Several separated by ;</source>
        <translation>Несколько — через ;</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Имя</translation>
    </message>
    <message>
        <source>&amp;Organisation</source>
        <translation>&amp;Организация</translation>
    </message>
    <message>
        <source>Co&amp;untry</source>
        <translation>&amp;Страна</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Адрес</translation>
    </message>
    <message>
        <source>&amp;Phones</source>
        <translation>&amp;Телефоны</translation>
    </message>
    <message>
        <source>&amp;E-mails</source>
        <translation>&amp;Эл. почта</translation>
    </message>
    <message>
        <source>&amp;Messengers</source>
        <translation>&amp;Мессенджеры</translation>
    </message>
    <message>
        <source>No&amp;tes</source>
        <translation>&amp;Примечания</translation>
    </message>
    <message>
        <source>Contact not saved</source>
        <translation>Контакт не сохранён</translation>
    </message>
</context>
<context>
    <name>ContactLinkDialog</name>
    <message>
        <source>mother</source>
        <translation>мать</translation>
    </message>
    <message>
        <source>father</source>
        <translation>отец</translation>
    </message>
    <message>
        <source>wife</source>
        <translation>жена</translation>
    </message>
    <message>
        <source>husband</source>
        <translation>муж</translation>
    </message>
    <message>
        <source>sister</source>
        <translation>сестра</translation>
    </message>
    <message>
        <source>brother</source>
        <translation>брат</translation>
    </message>
    <message>
        <source>son</source>
        <translation>сын</translation>
    </message>
    <message>
        <source>daughter</source>
        <translation>дочь</translation>
    </message>
    <message>
        <source>relative</source>
        <translation>родственник</translation>
    </message>
    <message>
        <source>lawyer</source>
        <translation>адвокат</translation>
    </message>
    <message>
        <source>consular officer</source>
        <translation>сотрудник консульства</translation>
    </message>
    <message>
        <source>journalist</source>
        <translation>журналист</translation>
    </message>
    <message>
        <source>Contact of %1</source>
        <translation>Контакт по делу %1</translation>
    </message>
    <message>
        <source>Link a contact to %1</source>
        <translation>Связать контакт с делом %1</translation>
    </message>
    <message>
        <source>Existing contact</source>
        <translation>Существующий контакт</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>Новый контакт</translation>
    </message>
    <message>
        <source>type to search contacts</source>
        <translation>начните вводить для поиска</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Кем приходится</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <source>May share with the embassy</source>
        <translation>Можно передавать посольству</translation>
    </message>
    <message>
        <source>May share with the ICRC</source>
        <translation>Можно передавать МККК</translation>
    </message>
    <message>
        <source>May share with the media</source>
        <translation>Можно передавать СМИ</translation>
    </message>
    <message>
        <source>May share with partner organisations</source>
        <translation>Можно передавать организациям-партнёрам</translation>
    </message>
    <message>
        <source>choose a contact from the list</source>
        <translation>выберите контакт из списка</translation>
    </message>
</context>
<context>
    <name>ContactsModel</name>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>E-mails</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
</context>
<context>
    <name>ContactsSection</name>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Кем приходится</translation>
    </message>
    <message>
        <source>Embassy</source>
        <translation>Посольство</translation>
    </message>
    <message>
        <source>ICRC</source>
        <translation>МККК</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>СМИ</translation>
    </message>
    <message>
        <source>Partners</source>
        <translation>Партнёры</translation>
    </message>
    <message>
        <source>Phone / e-mail</source>
        <translation>Телефон / эл. почта</translation>
    </message>
    <message>
        <source>Link existing…</source>
        <translation>Связать существующий…</translation>
    </message>
    <message>
        <source>New contact…</source>
        <translation>Новый контакт…</translation>
    </message>
    <message>
        <source>Unlink…</source>
        <translation>Отвязать…</translation>
    </message>
    <message>
        <source>Unlink %1 from this case? The contact itself is kept.</source>
        <translation>Отвязать %1 от этого дела? Сам контакт сохранится.</translation>
    </message>
    <message>
        <source>Unlink contact</source>
        <translation>Отвязать контакт</translation>
    </message>
</context>
<context>
    <name>ContactsView</name>
    <message>
        <source>Search contacts by name or organisation…</source>
        <translation>Поиск контактов по имени или организации…</translation>
    </message>
    <message>
        <source>Any kind</source>
        <translation>Любой вид</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Добавить…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Удалить…</translation>
    </message>
    <message>
        <source>Linked cases (double-click to open)</source>
        <translation>Связанные дела (двойной щелчок — открыть)</translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln contact(s) are shown; search to find others.</source>
        <translation>
            <numerusform>Показан первый %Ln контакт; остальные найдите поиском.</numerusform>
            <numerusform>Показаны первые %Ln контакта; остальные найдите поиском.</numerusform>
            <numerusform>Показаны первые %Ln контактов; остальные найдите поиском.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln контакт</numerusform>
            <numerusform>%Ln контакта</numerusform>
            <numerusform>%Ln контактов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> It is linked to %Ln case(s); the links go too.</source>
        <translation>
            <numerusform> Контакт связан с %Ln делом; связи с делами тоже будут удалены.</numerusform>
            <numerusform> Контакт связан с %Ln делами; связи с делами тоже будут удалены.</numerusform>
            <numerusform> Контакт связан с %Ln делами; связи с делами тоже будут удалены.</numerusform>
        </translation>
    </message>
    <message>
        <source>The first %d contacts are shown; search to find others.</source>
        <translation type="vanished">Показаны первые %d контактов; остальные найдите поиском.</translation>
    </message>
    <message>
        <source>1 contact</source>
        <translation type="vanished">1 контакт</translation>
    </message>
    <message>
        <source>{n} contacts</source>
        <translation type="vanished">Контактов: {n}</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source> It is linked to {n} case(s); the links go too.</source>
        <translation type="vanished"> Связей с делами: {n}; они тоже будут удалены.</translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation>Удалить контакт</translation>
    </message>
    <message>
        <source>Delete %s?</source>
        <translation>Удалить %s?</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>give the partner a name</source>
        <translation>дайте партнёру название</translation>
    </message>
    <message>
        <source>a partner&apos;s name cannot hold &apos;:&apos; (it separates the partner from their reference)</source>
        <translation>имя партнёра не может содержать «:» (двоеточие отделяет партнёра от его номера дела)</translation>
    </message>
    <message>
        <source>the key needs the organisation&apos;s name</source>
        <translation>для ключа нужно название организации</translation>
    </message>
    <message>
        <source>not an OpenPGP public key: {reason}</source>
        <translation>это не открытый ключ OpenPGP: {reason}</translation>
    </message>
    <message>
        <source>the key {key} has no usable encryption subkey (it can only sign, or its encryption subkey expired), so no bundle could be sent to it; ask the partner for a key that can encrypt</source>
        <translation>у ключа {key} нет пригодного подключа шифрования (он только подписывает, или срок подключа шифрования истёк), поэтому отправить ему пакет нельзя; попросите у партнёра ключ, который может шифровать</translation>
    </message>
    <message>
        <source>that is this organisation&apos;s own key</source>
        <translation>это собственный ключ этой организации</translation>
    </message>
    <message>
        <source>this key is already trusted as &apos;{name}&apos;</source>
        <translation>этот ключ уже принят как «{name}»</translation>
    </message>
    <message>
        <source>no partner named &apos;{name}&apos;</source>
        <translation>партнёра «{name}» нет</translation>
    </message>
    <message>
        <source>name at least one case</source>
        <translation>укажите хотя бы одно дело</translation>
    </message>
    <message>
        <source>{reference} was merged into {into}; send {into}</source>
        <translation>дело {reference} объединено с делом {into}; отправьте {into}</translation>
    </message>
    <message>
        <source>the bundle is empty</source>
        <translation>пакет пуст</translation>
    </message>
    <message>
        <source>the bundle is not encrypted (only signed, or plain); a bundle must be encrypted to this organisation&apos;s key</source>
        <translation>пакет не зашифрован (только подписан или открыт); пакет должен быть зашифрован ключом этой организации</translation>
    </message>
    <message>
        <source>the bundle is encrypted with a password, not to this organisation&apos;s key</source>
        <translation>пакет зашифрован паролем, а не ключом этой организации</translation>
    </message>
    <message>
        <source>the bundle&apos;s encryption has no integrity protection; ask the sender for an ordinary OpenPGP message</source>
        <translation>шифрование пакета не защищает его целостность; попросите отправителя прислать обычное сообщение OpenPGP</translation>
    </message>
    <message>
        <source>the bundle is not an OpenPGP message encrypted to this organisation&apos;s key (its packets: {tags})</source>
        <translation>пакет — не сообщение OpenPGP, зашифрованное ключом этой организации (его пакеты: {tags})</translation>
    </message>
    <message>
        <source>the bundle&apos;s armored text is damaged</source>
        <translation>текст пакета (ASCII armor) повреждён</translation>
    </message>
    <message>
        <source>the bundle is damaged or not an OpenPGP message</source>
        <translation>пакет повреждён или не является сообщением OpenPGP</translation>
    </message>
    <message>
        <source>the bundle is damaged or cut short</source>
        <translation>пакет повреждён или обрезан</translation>
    </message>
    <message>
        <source>status entry</source>
        <translation>запись о статусе</translation>
    </message>
    <message>
        <source>custody period</source>
        <translation>период содержания</translation>
    </message>
    <message>
        <source>media appearance</source>
        <translation>материал СМИ</translation>
    </message>
    <message>
        <source>event</source>
        <translation>событие</translation>
    </message>
    <message>
        <source>appeal</source>
        <translation>обращение</translation>
    </message>
    <message>
        <source>identity document</source>
        <translation>документ, удостоверяющий личность</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>вложение</translation>
    </message>
    <message>
        <source>the bundle is {size} MB; at most {limit} MB</source>
        <translation>размер пакета {size} МБ; не больше {limit} МБ</translation>
    </message>
    <message>
        <source>the bundle carries no valid signature of a trusted partner</source>
        <translation>в пакете нет действительной подписи доверенного партнёра</translation>
    </message>
    <message>
        <source>the bundle&apos;s content is not a Case Manager bundle</source>
        <translation>содержимое пакета — не пакет Case Manager</translation>
    </message>
    <message>
        <source>the bundle&apos;s format version {found} is not one this Case Manager reads ({version}); update Case Manager</source>
        <translation>версию формата пакета {found} эта версия Case Manager не читает ({version}); обновите Case Manager</translation>
    </message>
    <message>
        <source>the bundle names another sender than the key that signed it</source>
        <translation>в пакете указан не тот отправитель, чьим ключом он подписан</translation>
    </message>
    <message>
        <source>this bundle was addressed to another organisation ({key})</source>
        <translation>этот пакет адресован другой организации ({key})</translation>
    </message>
    <message>
        <source>the bundle is damaged or not a bundle: {reason}</source>
        <translation>пакет повреждён или это не пакет: {reason}</translation>
    </message>
    <message>
        <source>the bundle&apos;s content is not JSON</source>
        <translation>содержимое пакета — не JSON</translation>
    </message>
    <message>
        <source>the bundle&apos;s content is nested too deeply to be a bundle</source>
        <translation>вложенность содержимого слишком глубока для пакета</translation>
    </message>
    <message>
        <source>contact {name}: withdrawn by {partner}; unlinked from this case (still on {cases})</source>
        <translation>контакт {name}: отозван партнёром {partner}; отвязан от этого дела (остаётся в {cases})</translation>
    </message>
    <message>
        <source>contact {name}: withdrawn by {partner}; the contact and its phones, e-mails and address were erased here</source>
        <translation>контакт {name}: отозван партнёром {partner}; контакт, его телефоны, адреса эл. почты и адрес удалены здесь</translation>
    </message>
    <message>
        <source>{kind} {name}: withdrawn by {partner}; removed here</source>
        <translation>{kind} {name}: запись отозвана партнёром {partner}; удалена здесь</translation>
    </message>
    <message>
        <source>{file} is {size} MB; a bundle is at most {limit} MB</source>
        <translation>размер {file} — {size} МБ; пакет может быть не больше {limit} МБ</translation>
    </message>
    <message>
        <source>{file} does not exist</source>
        <translation>{file} не существует</translation>
    </message>
    <message>
        <source>{file} is a folder</source>
        <translation>{file} — папка</translation>
    </message>
    <message>
        <source>this bundle ({id}) was already received on {when} UTC; nothing changed</source>
        <translation>этот пакет ({id}) уже получен {when} UTC; ничего не изменено</translation>
    </message>
    <message>
        <source>this bundle is not encrypted to this organisation&apos;s key (it is for someone else)</source>
        <translation>этот пакет зашифрован не для ключа этой организации (он предназначен кому-то другому)</translation>
    </message>
    <message>
        <source>the bundle is a compressed OpenPGP message, which Case Manager cannot verify yet; ask the sender to make it again without compression (gpg: `--compress-algo none`, or `-z 0`)</source>
        <translation>пакет — сжатое сообщение OpenPGP, которое Case Manager пока не умеет проверять; попросите отправителя сделать его заново без сжатия (gpg: `--compress-algo none` или `-z 0`)</translation>
    </message>
    <message>
        <source>{kind} {name}: withdrawn by {partner}, but changed here since; kept as ours</source>
        <translation>{kind} {name}: запись отозвана партнёром {partner}, но с тех пор изменена здесь; сохранена как наша</translation>
    </message>
    <message>
        <source>the bundle would be {size} MB; a partner takes at most {limit} MB. Too big because of: {files}. Send fewer cases at a time, or mark attachments confidential to leave them out</source>
        <translation>пакет занял бы {size} МБ; партнёр принимает не больше {limit} МБ. Слишком велики: {files}. Отправляйте меньше дел за раз или пометьте вложения как конфиденциальные, чтобы они не попали в пакет</translation>
    </message>
    <message>
        <source>{count} cases; a bundle holds at most {limit}: send them in several bundles</source>
        <translation>дел: {count}; в пакете может быть не больше {limit}: отправьте их несколькими пакетами</translation>
    </message>
    <message>
        <source>the cases have {count} records in all; a bundle holds at most {limit}: send them in several bundles</source>
        <translation>в делах всего записей: {count}; в пакете может быть не больше {limit}: отправьте их несколькими пакетами</translation>
    </message>
    <message>
        <source>{reference} has {count} records (status entries, custody, events, appeals, documents, media, contacts, attachments); a partner takes at most {limit} per case</source>
        <translation>в деле {reference} записей: {count} (статусы, места содержания, события, обращения, документы, публикации, контакты, вложения); партнёр принимает не больше {limit} на дело</translation>
    </message>
    <message>
        <source>{reference} lists {count} records withdrawn since they were sent to {partner}; a partner takes at most {limit} per case</source>
        <translation>в {reference} записей, отозванных после отправки партнёру {partner}: {count}; партнёр принимает не больше {limit} на дело</translation>
    </message>
    <message>
        <source>{reference}&apos;s attachment {file} is {size} MB; a partner takes attachments of at most {limit} MB</source>
        <translation>вложение {file} дела {reference} занимает {size} МБ; партнёр принимает вложения не больше {limit} МБ</translation>
    </message>
    <message>
        <source>{path} is an unfinished backup (its copy was stopped); restore a finished one</source>
        <translation>{path} — незавершённая резервная копия (её копирование было прервано); восстановите законченную</translation>
    </message>
    <message>
        <source>Encrypting the older copies ({done} of {total})…</source>
        <translation>Шифрование прежних копий ({done} из {total})…</translation>
    </message>
    <message>
        <source>upgraded the database to this version (it was at schema {old}); the file as it was is kept as {copy}</source>
        <translation type="vanished">база данных обновлена до этой версии (была схема {old}); файл в прежнем виде сохранён как {copy}</translation>
    </message>
    <message>
        <source>upgraded the database to this version (it was at schema {old})</source>
        <translation>база данных обновлена до этой версии (была схема {old})</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not yes or no</source>
        <translation>«{value}» — не «да» и не «нет»</translation>
    </message>
    <message>
        <source>is {length} characters long; at most {limit}</source>
        <translation>длина {length} знаков; не больше {limit}</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>обязательно для заполнения</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not one of: {choices}</source>
        <translation>«{value}» — не из списка: {choices}</translation>
    </message>
    <message>
        <source>expected a number</source>
        <translation>нужно число</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a number</source>
        <translation>«{value}» — не число</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a known country</source>
        <translation>«{text}» — неизвестная страна</translation>
    </message>
    <message>
        <source>expected a reference like CM-0001, got {kind}</source>
        <translation>нужен номер вида CM-0001, получено: {kind}</translation>
    </message>
    <message>
        <source>expected text, got {kind}</source>
        <translation>нужен текст, получено: {kind}</translation>
    </message>
    <message>
        <source>contains a control character (U+{code})</source>
        <translation>содержит управляющий символ (U+{code})</translation>
    </message>
    <message>
        <source>contains an invalid character</source>
        <translation>содержит недопустимый символ</translation>
    </message>
    <message>
        <source>expected a list, got {kind}</source>
        <translation>нужен список, получено: {kind}</translation>
    </message>
    <message>
        <source>an item may not contain &apos;;&apos;</source>
        <translation>элемент не может содержать «;»</translation>
    </message>
    <message>
        <source>is not a field of {what}</source>
        <translation>такого поля нет ({what})</translation>
    </message>
    <message>
        <source>is in the future</source>
        <translation>ещё не наступила</translation>
    </message>
    <message>
        <source>is before the date of birth</source>
        <translation>раньше даты рождения</translation>
    </message>
    <message>
        <source>makes the person {ages} when captured: is the year right?</source>
        <translation>значит, в момент пленения человеку было {ages}: год указан верно?</translation>
    </message>
    <message>
        <source>makes the person {ages} today: is the year right?</source>
        <translation>значит, сейчас человеку {ages}: год указан верно?</translation>
    </message>
    <message>
        <source>makes the person {ages} when captured: a child?</source>
        <translation>значит, в момент пленения человеку было {ages}: ребёнок?</translation>
    </message>
    <message>
        <source>makes the person {ages} today: a child?</source>
        <translation>значит, сейчас человеку {ages}: ребёнок?</translation>
    </message>
    <message>
        <source>cancelled; nothing was changed</source>
        <translation>отменено; ничего не изменено</translation>
    </message>
    <message>
        <source>a volunteer</source>
        <translation>волонтёр</translation>
    </message>
    <message>
        <source>as {role} you may not see {what} (the server refused: {reason})</source>
        <translation>как {role} вы не можете видеть {what} (сервер отказал: {reason})</translation>
    </message>
    <message>
        <source>a coordinator</source>
        <translation>координатор</translation>
    </message>
    <message>
        <source>a caseworker</source>
        <translation>сотрудник</translation>
    </message>
    <message>
        <source>the table {table}</source>
        <translation>таблицу {table}</translation>
    </message>
    <message>
        <source>confidential notes</source>
        <translation>конфиденциальные заметки</translation>
    </message>
    <message>
        <source>restriction</source>
        <translation>ограничение доступа</translation>
    </message>
    <message>
        <source>merging</source>
        <translation>объединение</translation>
    </message>
    <message>
        <source>caseworker (of a restricted case)</source>
        <translation>куратора (дела с ограниченным доступом)</translation>
    </message>
    <message>
        <source>{sentence} (the server refused: {reason})</source>
        <translation>{sentence} (сервер отказал: {reason})</translation>
    </message>
    <message>
        <source>as {role} you may not see a case&apos;s {what} (the server refused: {reason})</source>
        <translation>как {role} вы не можете видеть в деле {what} (сервер отказал: {reason})</translation>
    </message>
    <message>
        <source>as {role} you may not change {what} (the server refused: {reason})</source>
        <translation>как {role} вы не можете изменять {what} (сервер отказал: {reason})</translation>
    </message>
    <message>
        <source>as {role} you may not delete {what} (the server refused: {reason})</source>
        <translation>как {role} вы не можете удалять {what} (сервер отказал: {reason})</translation>
    </message>
    <message>
        <source>deleting a case is for coordinators; you are signed in as {role}</source>
        <translation>удалять дела могут только координаторы; вы вошли как {role}</translation>
    </message>
    <message>
        <source>merging cases (and undoing a merge) is for coordinators; you are signed in as {role}</source>
        <translation>объединять дела (и отменять объединение) могут только координаторы; вы вошли как {role}</translation>
    </message>
    <message>
        <source>managing people and their roles is for coordinators; you are signed in as {role}</source>
        <translation>управлять людьми и их ролями могут только координаторы; вы вошли как {role}</translation>
    </message>
    <message>
        <source>restricting a case (or lifting it) is for coordinators; you are signed in as {role}</source>
        <translation>ограничивать доступ к делу (или снимать ограничение) могут только координаторы; вы вошли как {role}</translation>
    </message>
    <message>
        <source>sending and receiving case files with partners is for coordinators (it needs the organisation&apos;s secret key); you are signed in as {role}</source>
        <translation>отправлять и получать дела от партнёров могут только координаторы (для этого нужен секретный ключ организации); вы вошли как {role}</translation>
    </message>
    <message>
        <source>the organisation&apos;s settings are changed by coordinators; you are signed in as {role}</source>
        <translation>настройки организации меняют координаторы; вы вошли как {role}</translation>
    </message>
    <message>
        <source>dossiers and letters are for caseworkers and coordinators; you are signed in as {role}</source>
        <translation>досье и письма доступны сотрудникам и координаторам; вы вошли как {role}</translation>
    </message>
    <message>
        <source>exporting lists of cases is for caseworkers and coordinators; you are signed in as {role}</source>
        <translation>экспортировать списки дел могут сотрудники и координаторы; вы вошли как {role}</translation>
    </message>
    <message>
        <source>a list of cases as JSON is an export, which is for caseworkers and coordinators; you are signed in as {role} (the table format is open to you)</source>
        <translation>список дел в JSON — это экспорт, он доступен сотрудникам и координаторам; вы вошли как {role} (формат таблицы вам доступен)</translation>
    </message>
    <message>
        <source>importing lists of cases is for caseworkers and coordinators; you are signed in as {role}</source>
        <translation>импортировать списки дел могут сотрудники и координаторы; вы вошли как {role}</translation>
    </message>
    <message>
        <source>contacts and their details are for caseworkers and coordinators; you are signed in as {role}</source>
        <translation>контакты и их данные доступны сотрудникам и координаторам; вы вошли как {role}</translation>
    </message>
    <message>
        <source>appeals are for caseworkers and coordinators; you are signed in as {role}</source>
        <translation>обращения доступны сотрудникам и координаторам; вы вошли как {role}</translation>
    </message>
    <message>
        <source>demo cases are added on a server only by its administrator, on a database for trying things out (invented people among the office&apos;s cases would be taken for real ones); you are signed in as {role}</source>
        <translation>демонстрационные дела на сервер добавляет только его администратор, в базу для пробы (выдуманных людей среди дел организации примут за настоящих); вы вошли как {role}</translation>
    </message>
    <message>
        <source>cases</source>
        <translation>дела</translation>
    </message>
    <message>
        <source>identity documents</source>
        <translation>документы, удостоверяющие личность</translation>
    </message>
    <message>
        <source>contacts</source>
        <translation>контакты</translation>
    </message>
    <message>
        <source>contacts&apos; phone numbers and addresses</source>
        <translation>телефоны и адреса контактов</translation>
    </message>
    <message>
        <source>a case&apos;s contacts</source>
        <translation>контакты дела</translation>
    </message>
    <message>
        <source>appeals</source>
        <translation>обращения</translation>
    </message>
    <message>
        <source>the record of what was handed to whom (disclosures)</source>
        <translation>журнал передачи данных (кому что передавалось)</translation>
    </message>
    <message>
        <source>partners&apos; references of cases</source>
        <translation>номера дел у партнёров</translation>
    </message>
    <message>
        <source>the organisation&apos;s settings</source>
        <translation>настройки организации</translation>
    </message>
    <message>
        <source>the organisation&apos;s keys</source>
        <translation>ключи организации</translation>
    </message>
    <message>
        <source>partners&apos; keys</source>
        <translation>ключи партнёров</translation>
    </message>
    <message>
        <source>partners&apos; claims</source>
        <translation>данные партнёров</translation>
    </message>
    <message>
        <source>the list of people and their roles</source>
        <translation>список людей и их ролей</translation>
    </message>
    <message>
        <source>the record of imports</source>
        <translation>журнал импорта</translation>
    </message>
    <message>
        <source>the history (audit log)</source>
        <translation>журнал изменений (историю)</translation>
    </message>
    <message>
        <source>attachments</source>
        <translation>файлы</translation>
    </message>
    <message>
        <source>exchanges</source>
        <translation>обмены</translation>
    </message>
    <message>
        <source>exchange lists</source>
        <translation>списки на обмен</translation>
    </message>
    <message>
        <source>who may see a restricted case</source>
        <translation>список тех, кто видит дело с ограниченным доступом</translation>
    </message>
    <message>
        <source>as {role} you may not change a case&apos;s {what} (the server refused: {reason})</source>
        <translation>как {role} вы не можете изменять в деле {what} (сервер отказал: {reason})</translation>
    </message>
    <message>
        <source>looks like mojibake (text decoded with the wrong encoding) and cannot be repaired unambiguously; fix it in the file</source>
        <translation>похоже на «кракозябры» (текст прочитан в неверной кодировке), и однозначно восстановить его нельзя; исправьте его в файле</translation>
    </message>
    <message>
        <source>no name or reference column found (family_name, given_name, name_native or reference; e.g. &apos;Фамилия&apos;)</source>
        <translation>не найден столбец с именем или номером дела (family_name, given_name, name_native или reference; например, «Фамилия»)</translation>
    </message>
    <message>
        <source>repaired by ftfy ({how})</source>
        <translation>восстановлено программой ftfy ({how})</translation>
    </message>
    <message>
        <source>{headings} are read together as {column} (joined with a space)</source>
        <translation>{headings} читаются вместе как {column} (через пробел)</translation>
    </message>
    <message>
        <source>{headings} are read together as {column} (all items kept)</source>
        <translation>{headings} читаются вместе как {column} (сохраняются все элементы)</translation>
    </message>
    <message>
        <source>&apos;{column}&apos; is not an interchange column</source>
        <translation>«{column}» — не столбец формата обмена</translation>
    </message>
    <message>
        <source>&apos;{first}&apos; and &apos;{second}&apos; are both read as {column}; choose which one to import (ignore the other)</source>
        <translation>«{first}» и «{second}» оба читаются как {column}; выберите, какой импортировать (другой пропустите)</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a date and time like 2024-05-01 14:30:00</source>
        <translation>«{text}» — не дата и время вида 2024-05-01 14:30:00</translation>
    </message>
    <message>
        <source>&apos;{item}&apos; is not like SOURCE: REFERENCE</source>
        <translation>«{item}» — не в виде ИСТОЧНИК: НОМЕР</translation>
    </message>
    <message>
        <source>&apos;{item}…&apos; is too long</source>
        <translation>«{item}…» слишком длинное</translation>
    </message>
    <message>
        <source>Windows-1251 text once read as Latin-1</source>
        <translation>текст в Windows-1251, когда-то прочитанный как Latin-1</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not like CM-0001 (leave it empty for a new reference)</source>
        <translation>«{text}» — не номер вида CM-0001 (оставьте пустым, чтобы присвоить новый номер)</translation>
    </message>
    <message>
        <source>&apos;{heading}&apos; is read as name_native (it is in Cyrillic)</source>
        <translation>«{heading}» читается как name_native (он на кириллице)</translation>
    </message>
    <message>
        <source>UTF-8 text once read as Windows-1251</source>
        <translation>текст в UTF-8, когда-то прочитанный как Windows-1251</translation>
    </message>
    <message>
        <source>Exporting cases…</source>
        <translation>Экспорт дел…</translation>
    </message>
    <message>
        <source>Exported {count} cases</source>
        <translation>Экспортировано дел: {count}</translation>
    </message>
    <message>
        <source>no columns chosen</source>
        <translation>не выбрано ни одного столбца</translation>
    </message>
    <message>
        <source>&apos;{format}&apos; is not one of: {formats}</source>
        <translation>«{format}» — не из списка: {formats}</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>не удаётся записать {path}: {reason}</translation>
    </message>
    <message>
        <source>Exporting cases… {done} of {total}</source>
        <translation>Экспорт дел… {done} из {total}</translation>
    </message>
    <message>
        <source>one of the references the file gives for new cases ({references}) is a case you cannot see (restricted); clear those references to add the rows as new cases; nothing was imported</source>
        <translation>один из номеров, указанных в файле для новых дел ({references}), принадлежит делу, которое вы не видите (доступ ограничен); очистите эти номера, чтобы добавить строки как новые дела; ничего не импортировано</translation>
    </message>
    <message>
        <source>row {row}: {reference} is a case you cannot see (restricted); clear its reference to add the row as a new case; nothing was imported</source>
        <translation>строка {row}: {reference} — дело, которое вы не видите (доступ ограничен); очистите номер, чтобы добавить строку как новое дело; ничего не импортировано</translation>
    </message>
    <message>
        <source>{file}: {verb} {rows} rows: {created} new cases, {updated} updated{same}, {skipped} skipped{waiting}</source>
        <translation type="vanished">{file}: {verb} строк: {rows}; новых дел: {created}, обновлено: {updated}{same}, пропущено: {skipped}{waiting}</translation>
    </message>
    <message>
        <source>Checking the list…</source>
        <translation>Проверка списка…</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Импортировано</translation>
    </message>
    <message>
        <source>{file}: {rejected} of {rows} rows rejected ({problems} problems); nothing was imported</source>
        <translation type="vanished">{file}: отклонено строк — {rejected} из {rows} (ошибок: {problems}); ничего не импортировано</translation>
    </message>
    <message>
        <source>{file}: {count} rows look like cases already in the database; choose skip, update or add for them (--on-duplicate); nothing was imported</source>
        <translation type="vanished">{file}: строки ({count}) похожи на дела, которые уже есть в базе; выберите для них «пропустить», «обновить» или «добавить» (--on-duplicate); ничего не импортировано</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>импортировано</translation>
    </message>
    <message>
        <source>would import (dry run, nothing written)</source>
        <translation>будет импортировано (проверка, ничего не записано)</translation>
    </message>
    <message>
        <source>imported (import {id})</source>
        <translation>импортировано (импорт {id})</translation>
    </message>
    <message>
        <source>, {count} likely duplicates awaiting a choice (--on-duplicate)</source>
        <translation>, вероятных дубликатов, ожидающих решения: {count} (--on-duplicate)</translation>
    </message>
    <message>
        <source> ({count} of them unchanged)</source>
        <translation type="vanished"> (из них без изменений: {count})</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; read day first, as {read}; if the file writes the month first it is {other}: check the file</source>
        <translation>«{text}» прочитано как день, затем месяц: {read}; если в файле сначала месяц, то это {other}: проверьте файл</translation>
    </message>
    <message>
        <source>not imported, as no field of a case takes them: {columns}; keep them in each case&apos;s notes with --unknown-to-notes (the wizard offers it)</source>
        <translation>не импортированы, так как им не соответствует ни одно поле дела: {columns}; их можно сохранить в заметках каждого дела (--unknown-to-notes; мастер импорта предлагает это)</translation>
    </message>
    <message>
        <source>&apos;{choice}&apos; is not ask, skip, update or add</source>
        <translation>«{choice}» — не ask, skip, update или add</translation>
    </message>
    <message>
        <source>at most 200 characters</source>
        <translation>не больше 200 знаков</translation>
    </message>
    <message>
        <source>&apos;{source}&apos; may not contain &apos;;&apos; or &apos;: &apos; (they separate references in lists)</source>
        <translation>«{source}» не может содержать «;» или «: » (ими в списках разделяются номера)</translation>
    </message>
    <message>
        <source>references that are not ours (not like CM-0001) are kept as the partner&apos;s, with the file&apos;s name &apos;{source}&apos; as their source (name it with --source)</source>
        <translation>номера не нашего вида (не CM-0001) сохранены как номера партнёра, источник — название файла «{source}» (задайте его параметром --source)</translation>
    </message>
    <message>
        <source>Cyrillic in the Latin name columns on {count} rows ({first}): kept as the native-script name, the Latin names transliterated by {standard} (the passport standard)</source>
        <translation>кириллица в столбцах латинского имени в строках ({count}: {first}): сохранена как имя в оригинале, латинское написание получено транслитерацией по {standard} (паспортный стандарт)</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; looks like a spreadsheet formula; imported as text, as written</source>
        <translation>«{text}» похоже на формулу электронной таблицы; импортировано как текст, в том виде, как написано</translation>
    </message>
    <message>
        <source>{file} changed while importing; nothing was imported, try again</source>
        <translation>файл {file} изменился во время импорта; ничего не импортировано, попробуйте ещё раз</translation>
    </message>
    <message>
        <source>Importing row {row}…</source>
        <translation>Импорт строки {row}…</translation>
    </message>
    <message>
        <source>Checking row {row}…</source>
        <translation>Проверка строки {row}…</translation>
    </message>
    <message>
        <source>row {row}: &apos;{choice}&apos; is not skip, update or add</source>
        <translation>строка {row}: «{choice}» — не skip, update или add</translation>
    </message>
    <message>
        <source>{file} or the database changed while importing; nothing was imported, try again</source>
        <translation type="vanished">во время импорта изменились {file} или база; ничего не импортировано, попробуйте ещё раз</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; {how}: read as &apos;{fixed}&apos;</source>
        <translation>«{text}» — {how}: прочитано как «{fixed}»</translation>
    </message>
    <message>
        <source>the row has {width} cells but the header has {header} (an unquoted comma or semicolon in a value?)</source>
        <translation>в строке ячеек: {width}, а в заголовке: {header} (запятая или точка с запятой в значении без кавычек?)</translation>
    </message>
    <message>
        <source>{reference} is also on row {row}</source>
        <translation>{reference} есть также в строке {row}</translation>
    </message>
    <message>
        <source>a new case needs a family name, given name or native name</source>
        <translation>для нового дела нужна фамилия, имя или имя в оригинале</translation>
    </message>
    <message>
        <source>a number in the workbook: if the reference had leading zeros, Excel removed them</source>
        <translation>в книге это число: если в номере были нули в начале, Excel их удалил</translation>
    </message>
    <message>
        <source>a value under a column with no heading (&apos;{value}&apos;); give the column a heading</source>
        <translation>значение в столбце без заголовка («{value}»); дайте столбцу заголовок</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; contains &apos;;&apos;, which separates references in lists</source>
        <translation>«{value}» содержит «;», а этим знаком в списках разделяются номера</translation>
    </message>
    <message>
        <source>{source}: {reference} is also on row {row}</source>
        <translation>{source}: {reference} есть также в строке {row}</translation>
    </message>
    <message>
        <source>{source}: {reference} is {theirs} here, not {ours}</source>
        <translation type="vanished">{source}: {reference} здесь соответствует {theirs}, а не {ours}</translation>
    </message>
    <message>
        <source>{reference} is {name} in this database, not this person; clear the reference to add the row as a new case</source>
        <translation>{reference} в этой базе — {name}, а не этот человек; очистите номер, чтобы добавить строку как новое дело</translation>
    </message>
    <message>
        <source>Importing… {done} of {total}</source>
        <translation type="vanished">Импорт… {done} из {total}</translation>
    </message>
    <message>
        <source>&apos;{heading}&apos; (first value on row {row})</source>
        <translation>«{heading}» (первое значение в строке {row})</translation>
    </message>
    <message>
        <source>{file} is {size} MB; a list may be at most {limit} MB (split it into smaller files)</source>
        <translation>размер {file} — {size} МБ; список может быть не больше {limit} МБ (разделите его на файлы поменьше)</translation>
    </message>
    <message>
        <source>{file} is empty</source>
        <translation>{file} пуст</translation>
    </message>
    <message>
        <source>{file} has no header row (the interchange column names)</source>
        <translation>в {file} нет строки заголовков (названий столбцов формата обмена)</translation>
    </message>
    <message>
        <source>the header was found on row {row}; rows 1-{above} above it (a title, a date line or blank rows) were not read as cases</source>
        <translation>заголовок найден в строке {row}; строки 1–{above} над ним (название, дата или пустые строки) не прочитаны как дела</translation>
    </message>
    <message>
        <source>the column &apos;{text}&apos; is mojibake ({how}); read as &apos;{fixed}&apos;</source>
        <translation>заголовок столбца «{text}» — «кракозябры» ({how}); прочитан как «{fixed}»</translation>
    </message>
    <message>
        <source>{file} is not a text file (it holds binary data)</source>
        <translation>{file} — не текстовый файл (в нём двоичные данные)</translation>
    </message>
    <message>
        <source>{path}: no such file</source>
        <translation>{path}: такого файла нет</translation>
    </message>
    <message>
        <source>{path} is a folder, not a file</source>
        <translation>{path} — папка, а не файл</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>не удаётся прочитать {path}: {reason}</translation>
    </message>
    <message>
        <source>{file} is an old Excel .xls file or a password-protected workbook; save it as .xlsx or CSV (UTF-8) and import that</source>
        <translation>{file} — старый файл Excel (.xls) или книга, защищённая паролем; сохраните её как .xlsx или CSV (UTF-8) и импортируйте этот файл</translation>
    </message>
    <message>
        <source>cells {first}:{last} are merged: their value is used on every row {top}-{bottom}</source>
        <translation>ячейки {first}:{last} объединены: их значение используется в каждой строке {top}–{bottom}</translation>
    </message>
    <message>
        <source>the file is not UTF-8; read as {encoding} (charset-normalizer)</source>
        <translation>файл не в UTF-8; прочитан как {encoding} (charset-normalizer)</translation>
    </message>
    <message>
        <source>{file} is not a CSV or XLSX list</source>
        <translation>{file} — не список CSV или XLSX</translation>
    </message>
    <message>
        <source>cells {cells} are merged across columns, so which column the value belongs to is unclear; unmerge them</source>
        <translation>ячейки {cells} объединены по горизонтали, поэтому неясно, к какому столбцу относится значение; разъедините их</translation>
    </message>
    <message>
        <source>{cell} is a formula with no saved value; paste the value instead</source>
        <translation>в {cell} формула без сохранённого значения; вставьте вместо неё значение</translation>
    </message>
    <message>
        <source>{cell} is a formula; its saved value &apos;{value}&apos; was taken</source>
        <translation>в {cell} формула; взято её сохранённое значение «{value}»</translation>
    </message>
    <message>
        <source>Writing the PDF</source>
        <translation>Запись PDF</translation>
    </message>
    <message>
        <source>&apos;{lang}&apos; is not one of {languages}</source>
        <translation>«{lang}» — не из списка: {languages}</translation>
    </message>
    <message>
        <source>&apos;{profile}&apos; is not one of {profiles}</source>
        <translation>«{profile}» — не из списка: {profiles}</translation>
    </message>
    <message>
        <source>Reading {reference}</source>
        <translation>Чтение {reference}</translation>
    </message>
    <message>
        <source>Laying out {reference}</source>
        <translation>Вёрстка {reference}</translation>
    </message>
    <message>
        <source>{path} is not a folder</source>
        <translation>{path} — не папка</translation>
    </message>
    <message>
        <source>Making the dossier of {reference}</source>
        <translation>Подготовка досье {reference}</translation>
    </message>
    <message>
        <source>no case {reference}</source>
        <translation>дела {reference} нет</translation>
    </message>
    <message>
        <source>&apos;{login}&apos; is not a usable login: lower-case letters, digits, _ . - (up to 63, not starting with a digit)</source>
        <translation>«{login}» не годится как логин: строчные латинские буквы, цифры, _ . - (до 63 знаков, не с цифры)</translation>
    </message>
    <message>
        <source>&apos;{role}&apos; is not a role ({roles})</source>
        <translation>«{role}» — не роль ({roles})</translation>
    </message>
    <message>
        <source>use at least 10 characters (several words are best)</source>
        <translation>не меньше 10 знаков (лучше несколько слов)</translation>
    </message>
    <message>
        <source>choose a password other than the one you signed in with</source>
        <translation>выберите пароль, отличный от того, с которым вы вошли</translation>
    </message>
    <message>
        <source>expected bytes</source>
        <translation>нужны байты</translation>
    </message>
    <message>
        <source>is {size} MB; at most 50 MB</source>
        <translation>размер {size} МБ; не больше 50 МБ</translation>
    </message>
    <message>
        <source>no attachment with id {id}</source>
        <translation>вложения с номером {id} нет</translation>
    </message>
    <message>
        <source>{file} is not a picture</source>
        <translation>{file} — не изображение</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a full date like 2024-03-12</source>
        <translation>«{text}» — не полная дата вида 2024-03-12</translation>
    </message>
    <message>
        <source>a case needs a family name, given name or native name</source>
        <translation>для дела нужна фамилия, имя или имя в оригинале</translation>
    </message>
    <message>
        <source>a status is changed on its own, with its date and source, so that the history keeps it (the `status` command, or Change status… in the window)</source>
        <translation>статус меняется отдельно, с датой и источником, чтобы он остался в истории (команда `status` или «Изменить статус…» в окне)</translation>
    </message>
    <message>
        <source>expected the version number of the case</source>
        <translation>нужен номер версии дела</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not like CM-0001</source>
        <translation>«{text}» — не номер вида CM-0001</translation>
    </message>
    <message>
        <source>{reference} already exists</source>
        <translation>{reference} уже есть</translation>
    </message>
    <message>
        <source>{reference} was changed by someone else while you were editing; reload it and apply your changes again</source>
        <translation>пока вы редактировали {reference}, дело изменил кто-то другой; загрузите его заново и внесите свои изменения ещё раз</translation>
    </message>
    <message>
        <source>no contact with id {id}</source>
        <translation>контакта с номером {id} нет</translation>
    </message>
    <message>
        <source>at most {limit} characters, as long as a name can be</source>
        <translation>не больше {limit} знаков — такой длины может быть имя</translation>
    </message>
    <message>
        <source>&apos;{kind}&apos; is not one of {kinds}</source>
        <translation>«{kind}» — не из списка: {kinds}</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not an e-mail address</source>
        <translation>«{value}» — не адрес электронной почты</translation>
    </message>
    <message>
        <source>no contact link with id {id}</source>
        <translation>связи с контактом под номером {id} нет</translation>
    </message>
    <message>
        <source>compatible dates of birth ({a} / {b})</source>
        <translation>совместимые даты рождения ({a} / {b})</translation>
    </message>
    <message>
        <source>different dates of birth ({a} / {b})</source>
        <translation>разные даты рождения ({a} / {b})</translation>
    </message>
    <message>
        <source>same date of birth ({date})</source>
        <translation>дата рождения совпадает ({date})</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>имена совпадают</translation>
    </message>
    <message>
        <source>similar names ({score})</source>
        <translation>похожие имена ({score})</translation>
    </message>
    <message>
        <source>same place of birth</source>
        <translation>место рождения совпадает</translation>
    </message>
    <message>
        <source>must be between 0.5 and 1</source>
        <translation>должно быть от 0,5 до 1</translation>
    </message>
    <message>
        <source>both citizens of {countries}</source>
        <translation>оба — граждане {countries}</translation>
    </message>
    <message>
        <source>different citizenships ({a} / {b})</source>
        <translation>разное гражданство ({a} / {b})</translation>
    </message>
    <message>
        <source>Comparing names</source>
        <translation>Сравнение имён</translation>
    </message>
    <message>
        <source>{file}: {verb} {rows}: {created}, {updated} updated{same}, {skipped} skipped{waiting}</source>
        <translation type="vanished">{file}: {verb} {rows}; {created}, обновлено: {updated}{same}, пропущено: {skipped}{waiting}</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>строк: 1</translation>
    </message>
    <message>
        <source>{count} rows</source>
        <translation>строк: {count}</translation>
    </message>
    <message>
        <source>1 problem</source>
        <translation>ошибок: 1</translation>
    </message>
    <message>
        <source>{count} problems</source>
        <translation>ошибок: {count}</translation>
    </message>
    <message>
        <source>{file}: {rejected} of {rows} rejected ({problems}); nothing was imported</source>
        <translation>{file}: отклонено строк — {rejected}, всего {rows} ({problems}); ничего не импортировано</translation>
    </message>
    <message>
        <source>{file}: {rows} like cases already in the database; choose skip, update or add for them (--on-duplicate); nothing was imported</source>
        <translation>{file}: {rows} на дела, которые уже есть в базе; выберите для них «пропустить», «обновить» или «добавить» (--on-duplicate); ничего не импортировано</translation>
    </message>
    <message>
        <source>, 1 likely duplicate awaiting a choice (--on-duplicate)</source>
        <translation>, вероятных дубликатов, ожидающих решения: 1 (--on-duplicate)</translation>
    </message>
    <message>
        <source>1 new case</source>
        <translation>новых дел: 1</translation>
    </message>
    <message>
        <source>{count} new cases</source>
        <translation>новых дел: {count}</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; begins like our references but is not one (CM- and digits, as CM-0001); correct it, or clear it to add the row as a new case</source>
        <translation>«{text}» начинается как наш номер дела, но им не является (CM- и цифры, например CM-0001); исправьте его или очистите, чтобы добавить строку как новое дело</translation>
    </message>
    <message>
        <source>references of ours that this database does not hold ({first}{more}): added as new cases under those references</source>
        <translation>собственные номера дел, которых нет в этой базе ({first}{more}): добавлены как новые дела под этими номерами</translation>
    </message>
    <message>
        <source>Cyrillic in the Latin name columns on row {row}: kept as the native-script name, the Latin names transliterated by {standard} (the passport standard)</source>
        <translation>кириллица в столбцах латинского имени в строке {row}: сохранена как имя в оригинале, латинское написание получено транслитерацией по {standard} (паспортный стандарт)</translation>
    </message>
    <message>
        <source>{reference} (row {row})</source>
        <translation>{reference} (строка {row})</translation>
    </message>
    <message>
        <source>{reference} was a case deleted here; its reference is not given to anyone else: clear the reference to add the row as a new case</source>
        <translation>{reference} — дело, удалённое здесь; его номер не передаётся другому человеку: очистите номер, чтобы добавить строку как новое дело</translation>
    </message>
    <message>
        <source>{reference} names {case}, which row {row} already updates; a case is updated by one row of a list: join the two rows or remove one</source>
        <translation>{reference} указывает на {case}, которое уже обновляет строка {row}; дело обновляется только одной строкой списка: объедините эти строки или удалите одну из них</translation>
    </message>
    <message>
        <source>{reference} is beyond the case numbers given here (the next new case gets {next}): correct it, or clear it to add the row as a new case</source>
        <translation>{reference} — за пределами номеров, выданных здесь (следующее новое дело получит {next}): исправьте номер или очистите его, чтобы добавить строку как новое дело</translation>
    </message>
    <message>
        <source>1 row looks</source>
        <translation>1 строка похожа</translation>
    </message>
    <message>
        <source>{count} rows look</source>
        <translation>строки ({count}) похожи</translation>
    </message>
    <message>
        <source>{source}: {reference} is {theirs} here, not {ours}; correct one of the two references so that both name the same case</source>
        <translation>{source}: {reference} здесь — {theirs}, а не {ours}; исправьте один из двух номеров, чтобы оба указывали на одно дело</translation>
    </message>
    <message>
        <source>{source}: {reference} is {theirs} here, but the row gives {ours}, which this database does not hold; correct or clear {ours}</source>
        <translation>{source}: {reference} здесь — {theirs}, но в строке указан {ours}, которого нет в этой базе; исправьте или очистите {ours}</translation>
    </message>
    <message>
        <source>{case} was {old}, the row spells it {new}: the name is updated and {old} kept as another spelling (alias)</source>
        <translation>в деле {case} было «{old}», в строке — «{new}»: имя обновлено, а «{old}» сохранено как другое написание (псевдоним)</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation> и ещё {count}</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; read as our {reference}</source>
        <translation>«{text}» прочитано как наш номер {reference}</translation>
    </message>
    <message>
        <source>may be any of {references} ({score}%): to update one, give its reference in the row; or choose add or skip for this row</source>
        <translation>может быть любым из дел {references} ({score}%): чтобы обновить одно из них, укажите его номер в строке; или выберите для этой строки «добавить» или «пропустить»</translation>
    </message>
    <message>
        <source>{case}, which this row would update, is already updated by row {row}; a case is updated by one row of a list: join the two rows or choose add or skip for this one</source>
        <translation>{case}, которое обновила бы эта строка, уже обновляет строка {row}; дело обновляется только одной строкой списка: объедините эти строки или выберите для этой «добавить» или «пропустить»</translation>
    </message>
    <message>
        <source>{file}: {rows} like earlier rows of this file; choose skip, update or add for them (--on-duplicate); nothing was imported</source>
        <translation>{file}: {rows} на строки выше в этом же файле; выберите для них «пропустить», «обновить» или «добавить» (--on-duplicate); ничего не импортировано</translation>
    </message>
    <message>
        <source>{file}: {rows} like cases already in the database or earlier rows of this file; choose skip, update or add for them (--on-duplicate); nothing was imported</source>
        <translation>{file}: {rows} на дела, которые уже есть в базе, или на строки выше в этом же файле; выберите для них «пропустить», «обновить» или «добавить» (--on-duplicate); ничего не импортировано</translation>
    </message>
    <message>
        <source>{case}&apos;s whole Latin name {old} is respelt {new} with it</source>
        <translation>полное имя {case} латиницей {old} исправлено вместе с ним на {new}</translation>
    </message>
    <message>
        <source>may be the person of row {row} of this list or {references}: to update one of those cases, give its reference in the row; or choose add or skip for this row</source>
        <translation>может быть человеком из строки {row} этого списка или {references}: чтобы обновить одно из этих дел, укажите его номер в строке; или выберите для этой строки «добавить» или «пропустить»</translation>
    </message>
    <message>
        <source>{source}: {reference} was our case {case}, deleted here; not taken in as a new person: clear the reference to add the row as a new case</source>
        <translation>{source}: {reference} — это было дело {case}, удалённое здесь; как новый человек не принято: очистите номер, чтобы добавить строку как новое дело</translation>
    </message>
    <message>
        <source>status entries</source>
        <translation>записи о статусе</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>документы</translation>
    </message>
    <message>
        <source>custody</source>
        <translation>места содержания</translation>
    </message>
    <message>
        <source>media</source>
        <translation>публикации</translation>
    </message>
    <message>
        <source>events</source>
        <translation>события</translation>
    </message>
    <message>
        <source>{made} (in the future: counted as made now; check the sender&apos;s clock)</source>
        <translation>{made} (в будущем: считается сделанным сейчас; проверьте часы отправителя)</translation>
    </message>
    <message>
        <source>the bundle holds {count} cases; at most {limit}</source>
        <translation>в пакете дел: {count}; допускается не больше {limit}</translation>
    </message>
    <message>
        <source>the bundle holds {count} records; at most {limit}</source>
        <translation>в пакете записей: {count}; допускается не больше {limit}</translation>
    </message>
    <message>
        <source>, {count} refused</source>
        <translation>, отклонено: {count}</translation>
    </message>
    <message>
        <source>Would take in bundle {id} from {partner} (signed by {fingerprint}, made {made}): {new}, {updated} updated, {unchanged} unchanged{refused}</source>
        <translation>Будет принят пакет {id} от {partner} (подпись {fingerprint}, составлен {made}): {new}, обновлено: {updated}, без изменений: {unchanged}{refused}</translation>
    </message>
    <message>
        <source>Took in bundle {id} from {partner} (signed by {fingerprint}, made {made}): {new}, {updated} updated, {unchanged} unchanged{refused}</source>
        <translation>Принят пакет {id} от {partner} (подпись {fingerprint}, составлен {made}): {new}, обновлено: {updated}, без изменений: {unchanged}{refused}</translation>
    </message>
    <message>
        <source>This bundle is older than one already taken in from {partner} about {count} of its cases: for those, only facts we lacked were added and fields we left empty filled; its other field values were not compared</source>
        <translation>Этот пакет старше уже принятого от {partner} по некоторым его делам (дел: {count}): в них добавлены только недостающие сведения и заполнены пустые поля; остальные значения полей не сравнивались</translation>
    </message>
    <message>
        <source>new case</source>
        <translation>новое дело</translation>
    </message>
    <message>
        <source>{reference} &lt;- {partner} {their}: {name} ({state})</source>
        <translation>{reference} &lt;- {partner} {their}: {name} ({state})</translation>
    </message>
    <message>
        <source>case {n} ({reference}) holds {count} records; at most {limit} per case</source>
        <translation>в деле {n} ({reference}) записей: {count}; допускается не больше {limit} на дело</translation>
    </message>
    <message>
        <source>the bundle&apos;s case {theirs} names our {reference} ({name}) by its id or reference, but its family name, given name and date of birth all differ; nothing was taken in (ask the sender which case it is)</source>
        <translation>дело пакета {theirs} указывает на наше дело {reference} ({name}) по идентификатору или номеру, но фамилия, имя и дата рождения — все другие; ничего не принято (спросите отправителя, какое это дело)</translation>
    </message>
    <message>
        <source>{field} {reason} (kept, as our forms keep it)</source>
        <translation>{field}: {reason} (сохранено, как сохраняют формы программы)</translation>
    </message>
    <message>
        <source>case {reference}: no name</source>
        <translation>дело {reference}: нет имени</translation>
    </message>
    <message>
        <source>{field}: {partner} says &apos;{theirs}&apos; again; already decided on, not raised again</source>
        <translation>{field}: {partner} снова сообщает «{theirs}»; решение уже принято, повторно не предлагается</translation>
    </message>
    <message>
        <source>{field}: {partner} says &apos;{theirs}&apos; again; their claim is still open (`claims`)</source>
        <translation>{field}: {partner} снова сообщает «{theirs}»; их данные ещё ждут решения (`claims`)</translation>
    </message>
    <message>
        <source>the bundle holds the case {uid} twice ({reference}); nothing was taken in</source>
        <translation>в пакете дважды есть дело {uid} ({reference}); ничего не принято</translation>
    </message>
    <message>
        <source>{partner} {reference}: {name} (refused): {reason}</source>
        <translation>{partner} {reference}: {name} (отклонено): {reason}</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>обновлено</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <source>  + {field}: {value}</source>
        <translation>  + {field}: {value}</translation>
    </message>
    <message>
        <source>  ~ {note}</source>
        <translation>  ~ {note}</translation>
    </message>
    <message>
        <source>  ! {field}: ours &apos;{ours}&apos;, {partner} says &apos;{theirs}&apos; (kept as their claim; ours unchanged)</source>
        <translation>  ! {field}: здесь «{ours}», {partner} сообщает «{theirs}» (сохранено как их данные; здешнее не изменено)</translation>
    </message>
    <message>
        <source>  + {count} {what}</source>
        <translation>  + {what}: {count}</translation>
    </message>
    <message>
        <source>  - {text}</source>
        <translation>  - {text}</translation>
    </message>
    <message>
        <source>it is our case {reference}, deleted here since we sent it; not taken in (create it again by hand if it was deleted by mistake)</source>
        <translation>это наше дело {reference}, удалённое здесь после отправки; не принято (создайте его заново вручную, если оно удалено по ошибке)</translation>
    </message>
    <message>
        <source>it was linked to our case {reference}, deleted here since; not taken in (create it again by hand if it was deleted by mistake)</source>
        <translation>оно было связано с делом {reference} этой базы, удалённым здесь с тех пор; не принято (создайте его заново вручную, если оно удалено по ошибке)</translation>
    </message>
    <message>
        <source>{partner} notes it as our case {reference}, which does not exist here (deleted?): taken in as a new case; delete it if it was deleted on purpose</source>
        <translation>{partner} указывает его как наше дело {reference}, которого здесь нет (удалено?): принято как новое дело; удалите его, если дело было удалено намеренно</translation>
    </message>
    <message>
        <source> and more</source>
        <translation> и другие</translation>
    </message>
    <message>
        <source>possible duplicate of {cases}{more}: the same name, but not surely the same person (compare them; `duplicates` and `merge`)</source>
        <translation>возможный дубликат {cases}{more}: то же имя, но не наверняка тот же человек (сравните их; `duplicates` и `merge`)</translation>
    </message>
    <message>
        <source>custody at {facility}: date_to {end} is before date_from {start} (kept, as our forms keep it)</source>
        <translation>место содержания {facility}: дата окончания {end} раньше даты начала {start} (сохранено, как сохраняют формы программы)</translation>
    </message>
    <message>
        <source>{source}: {reference} already names {other}; kept there</source>
        <translation>{source}: {reference} уже относится к {other}; оставлено там</translation>
    </message>
    <message>
        <source>{field}: {partner}&apos;s claim withdrawn (the family&apos;s consent to share it with partners is not given)</source>
        <translation>{field}: притязание {partner} снято (семья не дала согласия на передачу партнёрам)</translation>
    </message>
    <message>
        <source>{field}: the family&apos;s consent to share it with partners is not given (or was withdrawn); the value {partner} gave was erased here</source>
        <translation>{field}: семья не дала согласия на передачу партнёрам (или отозвала его); значение, полученное от {partner}, здесь удалено</translation>
    </message>
    <message>
        <source>{field}: {partner} no longer sends it (the family&apos;s consent to share it with partners is not given); ours kept, it did not come from them</source>
        <translation>{field}: {partner} больше не передаёт это поле (семья не дала согласия на передачу партнёрам); наше значение сохранено, оно получено не от них</translation>
    </message>
    <message>
        <source>{field}: {partner}&apos;s &apos;{theirs}&apos; is the value we sent them before; ours &apos;{ours}&apos; kept, no claim</source>
        <translation>{field}: «{theirs}» от {partner} — значение, которое мы отправляли им раньше; наше «{ours}» сохранено, без спорных данных</translation>
    </message>
    <message>
        <source>status: {partner}&apos;s &apos;{theirs}&apos; is not dated later than ours &apos;{ours}&apos;; no claim</source>
        <translation>статус: «{theirs}» от {partner} датирован не позже нашего «{ours}»; без спорных данных</translation>
    </message>
    <message>
        <source>contact {name}: deleted here since it was taken in; not taken in again</source>
        <translation>контакт {name}: удалён здесь после того, как был принят; повторно не принят</translation>
    </message>
    <message>
        <source>contact {name}: the family withdrew consent to share their details; the phones, e-mails and address {partner} gave were erased here and the contact is not shared further</source>
        <translation>контакт {name}: семья отозвала согласие на передачу своих данных; телефоны, адреса эл. почты и адрес от {partner} удалены здесь, и контакт больше не передаётся</translation>
    </message>
    <message>
        <source>contact {name}</source>
        <translation>контакт {name}</translation>
    </message>
    <message>
        <source>details (the family&apos;s consent given since)</source>
        <translation>данные (семья с тех пор дала согласие)</translation>
    </message>
    <message>
        <source>1 record withdrawn before by the partner they came from, not taken in again</source>
        <translation>1 запись, ранее отозванная партнёром, от которого она пришла, повторно не принята</translation>
    </message>
    <message>
        <source>{count} records withdrawn before by the partner they came from, not taken in again</source>
        <translation>записи, ранее отозванные партнёром, от которого они пришли, повторно не приняты: {count}</translation>
    </message>
    <message>
        <source>it names a case of ours ({uid}) that this database never held; not taken in (was the bundle made for another organisation&apos;s key?)</source>
        <translation>оно указывает на наше дело ({uid}), которого в этой базе никогда не было; не принято (не сделан ли пакет для ключа другой организации?)</translation>
    </message>
    <message>
        <source>{kind} {title}: {field}</source>
        <translation>{kind} {title}: {field}</translation>
    </message>
    <message>
        <source>{ours} -&gt; {theirs} (their record)</source>
        <translation>{ours} -&gt; {theirs} (их запись)</translation>
    </message>
    <message>
        <source>contact {name}: the same name on this case as our contact; taken as that one</source>
        <translation>контакт {name}: то же имя, что у нашего контакта в этом деле; принят как он</translation>
    </message>
    <message>
        <source>contact {name}: the same name and phone as our contact; taken as that one</source>
        <translation>контакт {name}: то же имя и телефон, что у нашего контакта; принят как он</translation>
    </message>
    <message>
        <source>no reference</source>
        <translation>без номера</translation>
    </message>
    <message>
        <source>another case</source>
        <translation>другому делу</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(пусто)</translation>
    </message>
    <message>
        <source>check failed: {found}; casemanager check --repair rewrites them</source>
        <translation>проверка не пройдена: {found}; casemanager check --repair перепишет их</translation>
    </message>
    <message>
        <source>ok ({count} cases compared with their names)</source>
        <translation>в порядке (дел сверено с их именами: {count})</translation>
    </message>
    <message>
        <source>not compared with the names; casemanager check --keys does</source>
        <translation>не сверялись с именами; это делает casemanager check --keys</translation>
    </message>
    <message>
        <source>{file}: {verb} {rows}: {created}, {updated} updated, {unchanged} unchanged, {skipped} skipped{waiting}</source>
        <translation>{file}: {verb} {rows}; {created}, обновлено: {updated}, без изменений: {unchanged}, пропущено: {skipped}{waiting}</translation>
    </message>
    <message>
        <source>{rows} (changed here after the list was written): kept our newer values of {fields} ({references})</source>
        <translation>{rows} (изменено здесь после того, как список был составлен): оставлены более новые значения этой базы для полей {fields} ({references})</translation>
    </message>
    <message>
        <source>1 row is older than its case</source>
        <translation>1 строка старше своего дела</translation>
    </message>
    <message>
        <source>{count} rows are older than their case</source>
        <translation>строк старше своих дел: {count}</translation>
    </message>
    <message>
        <source>{rows} (changed here after the list was written): took the list&apos;s older values of {fields} ({references})</source>
        <translation>{rows} (изменено здесь после того, как список был составлен): взяты более старые значения списка для полей {fields} ({references})</translation>
    </message>
    <message>
        <source>{case}&apos;s {field} was changed here on {changed}, after this row was written ({when}): our newer value &apos;{ours}&apos; kept, the row&apos;s &apos;{theirs}&apos; not taken</source>
        <translation>{case}: поле {field} изменено здесь {changed}, после того, как эта строка была составлена ({when}): оставлено наше более новое значение «{ours}», значение строки «{theirs}» не взято</translation>
    </message>
    <message>
        <source>{case}&apos;s {field} was changed here on {changed}, after this row was written ({when}): the row&apos;s older &apos;{theirs}&apos; taken over our &apos;{ours}&apos; (--older-rows take-theirs)</source>
        <translation>{case}: поле {field} изменено здесь {changed}, после того, как эта строка была составлена ({when}): взято более старое значение строки «{theirs}» вместо нашего «{ours}» (--older-rows take-theirs)</translation>
    </message>
    <message>
        <source>&apos;{choice}&apos; is not keep-ours or take-theirs</source>
        <translation>«{choice}» — не keep-ours и не take-theirs</translation>
    </message>
    <message>
        <source>the list was read from the sheet &apos;{sheet}&apos;; the sheets before it ({skipped}) hold no list</source>
        <translation>список прочитан с листа «{sheet}»; на листах перед ним ({skipped}) списка нет</translation>
    </message>
    <message>
        <source>{reference} holds {merged} merged into it (their records were moved here): undo the merge first (casemanager merge --undo; the log names it), then delete each case on its own</source>
        <translation>в дело {reference} объединено {merged} (их записи перенесены сюда): сначала отмените объединение (casemanager merge --undo; его номер есть в журнале), затем удаляйте каждое дело отдельно</translation>
    </message>
    <message>
        <source>{reference} was merged into {kept} and is kept only so that the merge can be undone: undo the merge first (casemanager merge --undo; the log names it)</source>
        <translation>дело {reference} объединено с {kept} и хранится только для того, чтобы объединение можно было отменить: сначала отмените объединение (casemanager merge --undo; его номер есть в журнале)</translation>
    </message>
    <message>
        <source>{reference} may be any of {stored}: type it as it is stored</source>
        <translation>{reference} может быть любым из {stored}: введите номер так, как он записан</translation>
    </message>
    <message>
        <source>no case {reference} that you can see (a restricted case is seen only by coordinators and the caseworkers named on it)</source>
        <translation>нет дела {reference}, которое вы можете видеть (дело с ограниченным доступом видят только координаторы и названные в нём сотрудники)</translation>
    </message>
    <message>
        <source>{reference} is no longer visible to you: it was restricted (or deleted) since you opened it; your changes were not saved</source>
        <translation>{reference} вам больше не видно: после того как вы его открыли, доступ к нему ограничили (или его удалили); ваши изменения не сохранены</translation>
    </message>
    <message>
        <source>{reference} is taken by a case you cannot see; choose another reference or leave it out</source>
        <translation>номер {reference} занят делом, которое вам не видно; выберите другой номер или не указывайте его</translation>
    </message>
    <message>
        <source>{count} cases have stale search or sort keys (e.g. {examples})</source>
        <translation>устаревшие ключи поиска или сортировки у дел: {count} (например, {examples})</translation>
    </message>
    <message>
        <source>Rewrote the search and sort keys of {count} cases (e.g. {examples})</source>
        <translation>Ключи поиска и сортировки переписаны у дел: {count} (например, {examples})</translation>
    </message>
    <message>
        <source>1 case has stale search or sort keys ({example})</source>
        <translation>у 1 дела устаревшие ключи поиска или сортировки ({example})</translation>
    </message>
    <message>
        <source>Checking search and sort keys</source>
        <translation>Проверка ключей поиска и сортировки</translation>
    </message>
    <message>
        <source>No case has stale search or sort keys; nothing to repair</source>
        <translation>Устаревших ключей поиска или сортировки нет ни у одного дела; исправлять нечего</translation>
    </message>
    <message>
        <source>Rewrote the search and sort keys of 1 case ({example})</source>
        <translation>Ключи поиска и сортировки переписаны у 1 дела ({example})</translation>
    </message>
    <message>
        <source>same name, some words given for one only</source>
        <translation>то же имя, часть слов указана только у одного</translation>
    </message>
    <message>
        <source>Reading the cases</source>
        <translation>Чтение дел</translation>
    </message>
    <message>
        <source>alias &apos;{alias}&apos; is like the other&apos;s name ({score})</source>
        <translation>другое написание «{alias}» похоже на имя второго ({score})</translation>
    </message>
    <message>
        <source>same family and given name, patronymic spelt otherwise ({a} / {b})</source>
        <translation>те же фамилия и имя, отчество написано иначе ({a} / {b})</translation>
    </message>
    <message>
        <source>same family and given name, patronymic given for one only</source>
        <translation>те же фамилия и имя, отчество указано только у одного</translation>
    </message>
    <message>
        <source>{first}; {then}</source>
        <translation>{first}; {then}</translation>
    </message>
    <message>
        <source>x read as ks ({a} / {b})</source>
        <translation>латинская x прочитана как «кс» ({a} / {b})</translation>
    </message>
    <message>
        <source>alias &apos;{alias}&apos; equals the other&apos;s name</source>
        <translation>другое написание «{alias}» совпадает с именем второго</translation>
    </message>
    <message>
        <source>Ukrainian and Russian forms of one patronymic ({a} / {b})</source>
        <translation>украинская и русская формы одного отчества ({a} / {b})</translation>
    </message>
    <message>
        <source>Ukrainian and Russian forms of one given name ({a} / {b})</source>
        <translation>украинская и русская формы одного имени ({a} / {b})</translation>
    </message>
    <message>
        <source>{reference} is the same case twice</source>
        <translation>{reference} — одно и то же дело дважды</translation>
    </message>
    <message>
        <source>x read as ks ({a})</source>
        <translation>латинская x прочитана как «кс» ({a})</translation>
    </message>
    <message>
        <source>no exchange with id {id}</source>
        <translation>обмена с номером {id} нет</translation>
    </message>
    <message>
        <source>give a date or a description</source>
        <translation>укажите дату или описание</translation>
    </message>
    <message>
        <source>no cases given</source>
        <translation>дела не указаны</translation>
    </message>
    <message>
        <source>the list has no names</source>
        <translation>в списке нет имён</translation>
    </message>
    <message>
        <source>{reference} is {status} and cannot be listed</source>
        <translation>{reference}: статус «{status}», в список включить нельзя</translation>
    </message>
    <message>
        <source>{reference} is not on this exchange&apos;s list</source>
        <translation>{reference} нет в списке этого обмена</translation>
    </message>
    <message>
        <source>must be 0 or more</source>
        <translation>должно быть 0 или больше</translation>
    </message>
    <message>
        <source>&apos;{kind}&apos; is not one of: {kinds}</source>
        <translation>«{kind}» — не из списка: {kinds}</translation>
    </message>
    <message>
        <source>Appeal</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <source>Follow up: {subject} ({recipient})</source>
        <translation>Контроль: {subject} ({recipient})</translation>
    </message>
    <message>
        <source>Follow up: {subject}</source>
        <translation>Контроль: {subject}</translation>
    </message>
    <message>
        <source>no {kind} with id {id}</source>
        <translation>записи ({kind}) с номером {id} нет</translation>
    </message>
    <message>
        <source>merging would show a restricted case to {who}, who may not see both {keep} and {other}: name them on both (restrict … --member) or assign the cases to someone named on both, then merge</source>
        <translation>объединение показало бы дело с ограниченным доступом пользователю {who}, которому видны не оба дела {keep} и {other}: назначьте его на оба (restrict … --member) или передайте дела тому, кто назначен на оба, и затем объедините</translation>
    </message>
    <message>
        <source>cannot merge {reference} with itself</source>
        <translation>нельзя объединить {reference} с самим собой</translation>
    </message>
    <message>
        <source>no merge with audit id {id}</source>
        <translation>объединения с номером записи журнала {id} нет</translation>
    </message>
    <message>
        <source>{id} was already undone</source>
        <translation>{id} уже отменено</translation>
    </message>
    <message>
        <source>the merged cases were changed or deleted since</source>
        <translation>объединённые дела с тех пор изменены или удалены</translation>
    </message>
    <message>
        <source>{reference} was already merged into another case</source>
        <translation>{reference} уже присоединено к другому делу</translation>
    </message>
    <message>
        <source>no file {path}</source>
        <translation>файла {path} нет</translation>
    </message>
    <message>
        <source>{file} is not UTF-8 text (save it as UTF-8)</source>
        <translation>{file} — текст не в UTF-8 (сохраните его в UTF-8)</translation>
    </message>
    <message>
        <source>{file} is not a readable XLSX file ({detail})</source>
        <translation>{file} — нечитаемый файл XLSX ({detail})</translation>
    </message>
    <message>
        <source>&apos;{kind}&apos; is not a kind of record</source>
        <translation>«{kind}» — не вид записи</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>должно быть целым числом</translation>
    </message>
    <message>
        <source>must be between {low} and {high}</source>
        <translation>должно быть от {low} до {high}</translation>
    </message>
    <message>
        <source>Writing the checksum…</source>
        <translation>Запись контрольной суммы…</translation>
    </message>
    <message>
        <source>{file} is not a regular file; nothing was changed</source>
        <translation>{file} — не обычный файл; ничего не изменено</translation>
    </message>
    <message>
        <source>{file} has changed since it was made (its SHA-256 does not match {sums}): damaged or tampered with; nothing was changed</source>
        <translation>{file} изменился с момента создания (его SHA-256 не совпадает с {sums}): файл повреждён или подделан; ничего не изменено</translation>
    </message>
    <message>
        <source>backups of a PostgreSQL server are made on the server with pg_dump (for example `pg_dump -Fc -f cases.dump DBNAME`), not by Case Manager</source>
        <translation>резервные копии сервера PostgreSQL делаются на сервере программой pg_dump (например, `pg_dump -Fc -f cases.dump DBNAME`), а не Case Manager</translation>
    </message>
    <message>
        <source>{what} has a schema this version does not know ({found})</source>
        <translation>{what}: схема, неизвестная этой версии ({found})</translation>
    </message>
    <message>
        <source>the new copy {file}</source>
        <translation>новая копия {file}</translation>
    </message>
    <message>
        <source>a backup cannot overwrite the database itself</source>
        <translation>резервная копия не может заменить саму базу</translation>
    </message>
    <message>
        <source>folder {folder} does not exist</source>
        <translation>папки {folder} нет</translation>
    </message>
    <message>
        <source>no backup at {path}</source>
        <translation>резервной копии {path} нет</translation>
    </message>
    <message>
        <source>the backup {file}</source>
        <translation>резервная копия {file}</translation>
    </message>
    <message>
        <source>{path} is encrypted or damaged and its key file {keyfile} is missing; put the key file back (backups carry a copy), or, if the file is damaged, move it away yourself and restore again</source>
        <translation>{path} зашифрован или повреждён, а файла ключа {keyfile} нет; верните файл ключа на место (его копия есть в резервных копиях) или, если файл повреждён, уберите его сами и восстановите ещё раз</translation>
    </message>
    <message>
        <source>{path} is encrypted: replacing it needs its passphrase (or recovery key)</source>
        <translation>{path} зашифрован: чтобы заменить его, нужен его пароль (или ключ восстановления)</translation>
    </message>
    <message>
        <source>that is the database itself, not a backup of it</source>
        <translation>это сама база, а не её резервная копия</translation>
    </message>
    <message>
        <source>Checking the backup…</source>
        <translation>Проверка резервной копии…</translation>
    </message>
    <message>
        <source>Restoring encrypted…</source>
        <translation>Восстановление с шифрованием…</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Резервное копирование…</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Восстановление…</translation>
    </message>
    <message>
        <source>Checking the copy…</source>
        <translation>Проверка копии…</translation>
    </message>
    <message>
        <source>upgraded the database to this version (it was at schema {old}); the file as it was is kept as {copy} (delete it once you have checked your cases in this version)</source>
        <translation>база данных обновлена до этой версии (была схема {old}); файл в прежнем виде сохранён как {copy} (его можно удалить, когда вы проверите свои дела в этой версии)</translation>
    </message>
    <message>
        <source>{database} is not a Case Manager database</source>
        <translation>{database} — не база данных Case Manager</translation>
    </message>
    <message>
        <source>{database} has no Case Manager data yet; run `casemanager init`</source>
        <translation>в {database} ещё нет данных Case Manager; выполните `casemanager init`</translation>
    </message>
    <message>
        <source>its folder {folder} is read-only, and SQLite writes its -wal and -shm files beside the database; copy it to a folder you can write to</source>
        <translation>её папка {folder} доступна только для чтения, а SQLite записывает файлы -wal и -shm рядом с базой; скопируйте её в папку, куда можно записывать</translation>
    </message>
    <message>
        <source>cannot open {database}: {reason}</source>
        <translation>не удаётся открыть {database}: {reason}</translation>
    </message>
    <message>
        <source>{database} was made by a newer Case Manager (schema {schema})</source>
        <translation>{database} создана более новой версией Case Manager (схема {schema})</translation>
    </message>
    <message>
        <source>the passphrase must have at least {count} characters</source>
        <translation>пароль должен быть не короче {count} знаков</translation>
    </message>
    <message>
        <source>that is not a recovery key (13 groups of 4 letters and digits)</source>
        <translation>это не ключ восстановления (13 групп по 4 буквы и цифры)</translation>
    </message>
    <message>
        <source>{path} is not a Case Manager key file</source>
        <translation>{path} — не файл ключа Case Manager</translation>
    </message>
    <message>
        <source>{path} is encrypted; a passphrase is needed</source>
        <translation>{path} зашифрован; нужен пароль</translation>
    </message>
    <message>
        <source>wrong passphrase for {path}</source>
        <translation>неверный пароль для {path}</translation>
    </message>
    <message>
        <source>the key file {path} is not a regular file</source>
        <translation>файл ключа {path} — не обычный файл</translation>
    </message>
    <message>
        <source>cannot read the key file {path}: {reason}</source>
        <translation>не удаётся прочитать файл ключа {path}: {reason}</translation>
    </message>
    <message>
        <source>{path} is not a Case Manager key file (nested too deep)</source>
        <translation>{path} — не файл ключа Case Manager (слишком глубокая вложенность)</translation>
    </message>
    <message>
        <source>the recovery key does not unlock {path}</source>
        <translation>ключ восстановления не открывает {path}</translation>
    </message>
    <message>
        <source>{file} is open in another program</source>
        <translation>{file} открыта в другой программе</translation>
    </message>
    <message>
        <source>the database is busy: {holder}, which is saving</source>
        <translation>база данных занята: {holder}, и там идёт сохранение</translation>
    </message>
    <message>
        <source>{file} is open in Case Manager (process {pid})</source>
        <translation>{file} открыта в Case Manager (процесс {pid})</translation>
    </message>
    <message>
        <source>the converted copy of {path} did not verify; nothing was changed</source>
        <translation>преобразованная копия {path} не прошла проверку; ничего не изменено</translation>
    </message>
    <message>
        <source>{path} is already encrypted</source>
        <translation>{path} уже зашифрован</translation>
    </message>
    <message>
        <source>no database at {path}</source>
        <translation>базы данных {path} нет</translation>
    </message>
    <message>
        <source>{path} is not encrypted</source>
        <translation>{path} не зашифрован</translation>
    </message>
    <message>
        <source>{path} already exists; use `casemanager encrypt` to encrypt it</source>
        <translation>{path} уже существует; чтобы зашифровать его, используйте `casemanager encrypt`</translation>
    </message>
    <message>
        <source>{path} is encrypted</source>
        <translation>{path} зашифрован</translation>
    </message>
    <message>
        <source>the disk is full: nothing of this change was saved; free some space and try again</source>
        <translation>диск заполнен: из этого изменения ничего не сохранено; освободите место и попробуйте снова</translation>
    </message>
    <message>
        <source>the database is busy (another Case Manager is writing)</source>
        <translation>база данных занята (в неё пишет другой Case Manager)</translation>
    </message>
    <message>
        <source>{holder}; nothing was saved, try again</source>
        <translation>{holder}; ничего не сохранено, попробуйте снова</translation>
    </message>
    <message>
        <source>record numbers never given twice</source>
        <translation>номера записей больше не выдаются повторно</translation>
    </message>
    <message>
        <source>sort keys of names</source>
        <translation>ключи сортировки имён</translation>
    </message>
    <message>
        <source>search keys</source>
        <translation>ключи поиска</translation>
    </message>
    <message>
        <source>search keys of names with a Latin x</source>
        <translation>ключи поиска имён с латинской x</translation>
    </message>
    <message>
        <source>making a copy of the database before upgrading: {copy}</source>
        <translation>создаётся копия базы данных перед обновлением: {copy}</translation>
    </message>
    <message>
        <source>upgrade stopped; the database is unchanged (still at schema {schema}, readable by the version that made it)</source>
        <translation>обновление остановлено; база данных не изменена (по-прежнему схема {schema}, её открывает версия, которая её создала)</translation>
    </message>
    <message>
        <source>not enough free space for the copy made before upgrading: it needs {needed} MB, {free} MB are free in {folder}; free some space and open it again; nothing was changed</source>
        <translation>недостаточно свободного места для копии перед обновлением: нужно {needed} МБ, свободно {free} МБ в {folder}; освободите место и откройте базу снова; ничего не изменено</translation>
    </message>
    <message>
        <source>upgrading the database</source>
        <translation>обновление базы данных</translation>
    </message>
    <message>
        <source>not enough free space for the copy made before upgrading: it needs {needed} MB, {free} MB are free in {folder}; copies left by earlier upgrades lie there ({copies}): delete those you no longer need, or free space otherwise, and open it again; nothing was changed</source>
        <translation>недостаточно свободного места для копии перед обновлением: нужно {needed} МБ, свободно {free} МБ в {folder}; там лежат копии прежних обновлений ({copies}): удалите ненужные или освободите место иначе и откройте базу снова; ничего не изменено</translation>
    </message>
    <message>
        <source>another Case Manager is upgrading {file} right now (its copy {copy} is being made); open it again when that has finished; nothing was changed here</source>
        <translation>другой Case Manager сейчас обновляет {file} (делается его копия {copy}); откройте файл снова, когда обновление закончится; здесь ничего не изменено</translation>
    </message>
    <message>
        <source>cannot make the safety copy {copy} before upgrading ({reason}); nothing was changed</source>
        <translation>не удалось сделать страховочную копию {copy} перед обновлением ({reason}); ничего не изменено</translation>
    </message>
    <message>
        <source>upgrading the database: step {step} of {steps} ({name})</source>
        <translation>обновление базы данных: шаг {step} из {steps} ({name})</translation>
    </message>
    <message>
        <source>{reference} was merged into {kept} (on {date} by {name}); make the change in {kept}, or undo the merge first</source>
        <translation>{reference} присоединено к делу {kept} ({date}, {name}); внесите изменение в {kept} или сначала отмените объединение</translation>
    </message>
    <message>
        <source>{reference} was merged into {kept}; make the change in {kept}, or undo the merge first</source>
        <translation>{reference} присоединено к делу {kept}; внесите изменение в {kept} или сначала отмените объединение</translation>
    </message>
    <message>
        <source>{path} is one of the open database {database}&apos;s own files (its journal, key file, lock or backups); choose another file name</source>
        <translation>{path} — один из файлов открытой базы данных {database} (её журнал, файл ключа, блокировка или резервные копии); выберите другое имя файла</translation>
    </message>
    <message>
        <source>{path} is the open database; choose another file name</source>
        <translation>{path} — это открытая база данных; выберите другое имя файла</translation>
    </message>
    <message>
        <source>the {what} needs a file name</source>
        <translation>нужно имя файла ({what})</translation>
    </message>
    <message>
        <source>the {what} cannot go to standard output (&apos;-&apos;); give a file name</source>
        <translation>{what} нельзя вывести в стандартный вывод («-»); укажите имя файла</translation>
    </message>
    <message>
        <source>{path} is a folder; give a file name</source>
        <translation>{path} — папка; укажите имя файла</translation>
    </message>
    <message>
        <source>{path} is not a regular file; give another file name</source>
        <translation>{path} — не обычный файл; укажите другое имя файла</translation>
    </message>
    <message>
        <source>{path} is {kind}; only ordinary files can be read</source>
        <translation>{path} — {kind}; читать можно только обычные файлы</translation>
    </message>
    <message>
        <source>{path} is larger than {limit} MB</source>
        <translation>{path} больше {limit} МБ</translation>
    </message>
    <message>
        <source>cannot create the folder {path}: {reason}</source>
        <translation>не удаётся создать папку {path}: {reason}</translation>
    </message>
    <message>
        <source>{head}: no such user or home folder</source>
        <translation>{head}: нет такого пользователя или домашней папки</translation>
    </message>
    <message>
        <source>cannot create a file in {folder}: {reason}</source>
        <translation>не удаётся создать файл в папке {folder}: {reason}</translation>
    </message>
    <message>
        <source>cannot read {file}: {reason}</source>
        <translation>не удаётся прочитать {file}: {reason}</translation>
    </message>
    <message>
        <source>this database has no key pair yet: run `casemanager keys init`</source>
        <translation>у этой базы ещё нет пары ключей: выполните `casemanager keys init`</translation>
    </message>
    <message>
        <source>the file is too large to be a public key</source>
        <translation>файл слишком велик для открытого ключа</translation>
    </message>
    <message>
        <source>the key {key} is revoked</source>
        <translation>ключ {key} отозван</translation>
    </message>
    <message>
        <source>{what} is damaged ({detail}); nothing was changed</source>
        <translation>{what}: файл повреждён ({detail}); ничего не изменено</translation>
    </message>
    <message>
        <source>{what} is not a Case Manager database ({detail})</source>
        <translation>{what} — не база Case Manager ({detail})</translation>
    </message>
    <message>
        <source>cannot write the backup {path}: {reason}</source>
        <translation>не удаётся записать резервную копию {path}: {reason}</translation>
    </message>
    <message>
        <source>{file} does not open with this passphrase; give the passphrase it had when it was made, or the recovery key</source>
        <translation>{file} не открывается с этим паролем; введите пароль, действовавший при её создании, или ключ восстановления</translation>
    </message>
    <message>
        <source>the backup to {path} failed: {reason}</source>
        <translation>резервное копирование в {path} не удалось: {reason}</translation>
    </message>
    <message>
        <source>cannot restore: {reason}; nothing was changed</source>
        <translation>восстановление невозможно: {reason}; ничего не изменено</translation>
    </message>
    <message>
        <source>upgraded the database to this version (it was at schema {old}); the file as it was is kept as {copy} (delete it once you have checked your cases in this version); the copies earlier attempts left of it were deleted: {removed}</source>
        <translation>база данных обновлена до этой версии (была схема {old}); файл в прежнем виде сохранён как {copy} (его можно удалить, когда вы проверите свои дела в этой версии); копии, оставшиеся от прежних попыток, удалены: {removed}</translation>
    </message>
    <message>
        <source>{path} is a folder, not a database file</source>
        <translation>{path} — папка, а не файл базы данных</translation>
    </message>
    <message>
        <source>cannot use {file}: {reason}</source>
        <translation>не удаётся использовать {file}: {reason}</translation>
    </message>
    <message>
        <source>no database at {path}; create one with `casemanager init`</source>
        <translation>базы данных {path} нет; создайте её командой `casemanager init`</translation>
    </message>
    <message>
        <source>{path} is encrypted or is not a database</source>
        <translation>{path} зашифрован или не является базой данных</translation>
    </message>
    <message>
        <source>cannot create {path}: {reason}</source>
        <translation>не удаётся создать {path}: {reason}</translation>
    </message>
    <message>
        <source>cannot lock {path}: {reason}</source>
        <translation>не удаётся заблокировать {path}: {reason}</translation>
    </message>
    <message>
        <source>Indexing names for search</source>
        <translation>Индексирование имён для поиска</translation>
    </message>
    <message>
        <source>Encrypting a copy…</source>
        <translation>Шифрование копии…</translation>
    </message>
    <message>
        <source>Saving the key file…</source>
        <translation>Сохранение файла ключа…</translation>
    </message>
    <message>
        <source>Erasing the unencrypted file…</source>
        <translation>Стирание незашифрованного файла…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Writing an unencrypted copy…</source>
        <translation>Запись незашифрованной копии…</translation>
    </message>
</context>
<context>
    <name>CountPanel</name>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Доля</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Диаграмма</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
</context>
<context>
    <name>CountriesEdit</name>
    <message>
        <source>e.g. UZ or Uzbekistan</source>
        <translation>напр. UZ или Узбекистан</translation>
    </message>
    <message>
        <source>e.g. UZ; RU or Узбекистан; Россия</source>
        <translation>напр. UZ; RU или Узбекистан; Россия</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a known country</source>
        <translation>Страна «%1» не найдена</translation>
    </message>
    <message>
        <source>only one country here</source>
        <translation>здесь только одна страна</translation>
    </message>
</context>
<context>
    <name>CustodyDialog</name>
    <message>
        <source>Place of detention</source>
        <translation>Место содержания</translation>
    </message>
    <message>
        <source>Facility</source>
        <translation>Учреждение</translation>
    </message>
    <message>
        <source>Location not disclosed</source>
        <translation>Место не раскрыто</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Кем удерживается</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>По</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
</context>
<context>
    <name>DateDialog</name>
    <message>
        <source>Tomorrow</source>
        <translation>Завтра</translation>
    </message>
    <message>
        <source>In a week</source>
        <translation>Через неделю</translation>
    </message>
    <message>
        <source>In two weeks</source>
        <translation>Через две недели</translation>
    </message>
    <message>
        <source>In a month</source>
        <translation>Через месяц</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>day %1 does not exist in %2</source>
        <translation>%2: нет %1-го числа</translation>
    </message>
    <message>
        <source>month %1 does not exist</source>
        <translation>месяца %1 не существует</translation>
    </message>
    <message>
        <source>year %1 is outside %2–%3</source>
        <translation>год %1 вне диапазона %2–%3</translation>
    </message>
    <message>
        <source>a day needs a month</source>
        <translation>для числа нужен месяц</translation>
    </message>
    <message>
        <source>“%1” needs a day, month and year</source>
        <translation>в «%1» нужны число, месяц и год</translation>
    </message>
    <message>
        <source>“%1” is not a date (write %2)</source>
        <translation>«%1» — не дата (пишите %2)</translation>
    </message>
</context>
<context>
    <name>DisclosuresModel</name>
    <message>
        <source>internal</source>
        <translation type="vanished">внутреннее пользование</translation>
    </message>
    <message>
        <source>embassy</source>
        <translation type="vanished">посольство</translation>
    </message>
    <message>
        <source>internal use</source>
        <translation>внутреннее пользование</translation>
    </message>
    <message>
        <source>embassy or consulate</source>
        <translation>посольство или консульство</translation>
    </message>
    <message>
        <source>ICRC</source>
        <translation>МККК</translation>
    </message>
    <message>
        <source>public</source>
        <translation>открытое использование</translation>
    </message>
    <message>
        <source>strict redaction</source>
        <translation>максимальные изъятия</translation>
    </message>
    <message>
        <source>letter</source>
        <translation>письмо</translation>
    </message>
    <message>
        <source>dossier</source>
        <translation>досье</translation>
    </message>
    <message>
        <source>partner bundle</source>
        <translation>пакет для партнёра</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Адресат</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Кто составил</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>(printed)</source>
        <translation>(напечатано)</translation>
    </message>
</context>
<context>
    <name>DisclosuresView</name>
    <message>
        <source>Disclosures</source>
        <translation>Журнал передачи данных</translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <source>Identity document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Кем выдан</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message>
        <source>Internal use (the full file)</source>
        <translation>Для внутреннего пользования (дело целиком)</translation>
    </message>
    <message>
        <source>An embassy or consulate</source>
        <translation>Посольство или консульство</translation>
    </message>
    <message>
        <source>The ICRC</source>
        <translation>МККК</translation>
    </message>
    <message>
        <source>Public use (media, campaigns)</source>
        <translation>Открытое использование (СМИ, кампании)</translation>
    </message>
    <message>
        <source>Strict redaction</source>
        <translation>Максимальные изъятия</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>Не удаётся запустить печать.</translation>
    </message>
    <message>
        <source>Dossier – %s</source>
        <translation>Досье – %s</translation>
    </message>
    <message numerus="yes">
        <source>%n cases</source>
        <translation type="vanished">
            <numerusform>%n дело</numerusform>
            <numerusform>%n дела</numerusform>
            <numerusform>%n дел</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln cases</source>
        <translation>
            <numerusform>%Ln дело</numerusform>
            <numerusform>%Ln дела</numerusform>
            <numerusform>%Ln дел</numerusform>
        </translation>
    </message>
    <message>
        <source>e.g. Embassy of Uzbekistan in Kyiv</source>
        <translation>напр. Посольство Узбекистана в Киеве</translation>
    </message>
    <message>
        <source>Printed on the cover letter and the page header, and kept in the disclosure ledger</source>
        <translation>Печатается в сопроводительном письме и в колонтитуле, записывается в журнал передачи данных</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>&amp;Prepared for:</source>
        <translation>&amp;Для кого:</translation>
    </message>
    <message>
        <source>&amp;Recipient:</source>
        <translation>&amp;Адресат:</translation>
    </message>
    <message>
        <source>One PDF, opening with a cover letter</source>
        <translation>Один PDF с сопроводительным письмом</translation>
    </message>
    <message>
        <source>One PDF per case, into a folder</source>
        <translation>По PDF на каждое дело, в папку</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Файлы:</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Просмотр</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>П&amp;ечать…</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>&amp;Сохранить как…</translation>
    </message>
    <message>
        <source>Leaves out: %s.</source>
        <translation>Не включаются: %s.</translation>
    </message>
    <message>
        <source>Leaves nothing out: for the organisation&apos;s own file.</source>
        <translation>Включается всё: для собственного архива организации.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Не удалось: %1</translation>
    </message>
    <message>
        <source>Preview shown</source>
        <translation>Предпросмотр показан</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>Подготовка предпросмотра…</translation>
    </message>
    <message>
        <source>Save the dossiers into</source>
        <translation>Сохранить досье в папку</translation>
    </message>
    <message>
        <source>Save the dossier</source>
        <translation>Сохранить досье</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Файлы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %s and recorded in the disclosure ledger.</source>
        <translation>Сохранено в %s и записано в журнал передачи данных.</translation>
    </message>
    <message>
        <source>Making the dossier…</source>
        <translation>Составление досье…</translation>
    </message>
    <message numerus="yes">
        <source>Sent %Ln page(s) to the printer; recorded in the disclosure ledger.</source>
        <translation>
            <numerusform>Отправлено на печать страниц: %Ln; записано в журнал передачи данных.</numerusform>
            <numerusform>Отправлено на печать страниц: %Ln; записано в журнал передачи данных.</numerusform>
            <numerusform>Отправлено на печать страниц: %Ln; записано в журнал передачи данных.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent %d pages to the printer; recorded in the disclosure ledger.</source>
        <translation type="vanished">Отправлено на печать страниц: %d; записано в журнал передачи данных.</translation>
    </message>
</context>
<context>
    <name>DueIndicator</name>
    <message>
        <source>Open the Due tab</source>
        <translation>Открыть вкладку «Сроки»</translation>
    </message>
    <message>
        <source>Overdue: could not count</source>
        <translation>Просрочено: подсчитать не удалось</translation>
    </message>
    <message numerus="yes">
        <source>%Ln follow-up(s) overdue</source>
        <translation>
            <numerusform>%Ln срок просрочен</numerusform>
            <numerusform>%Ln срока просрочено</numerusform>
            <numerusform>%Ln сроков просрочено</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Due (%Ln overdue)</source>
        <translation>
            <numerusform>Сроки (просрочен %Ln)</numerusform>
            <numerusform>Сроки (просрочено %Ln)</numerusform>
            <numerusform>Сроки (просрочено %Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln overdue</source>
        <translation type="vanished">
            <numerusform>Просрочено: %Ln</numerusform>
            <numerusform>Просрочено: %Ln</numerusform>
            <numerusform>Просрочено: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%Ln yours)</source>
        <translation>
            <numerusform>(ваших: %Ln)</numerusform>
            <numerusform>(ваших: %Ln)</numerusform>
            <numerusform>(ваших: %Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation type="vanished">
            <numerusform>Просрочено: %n</numerusform>
            <numerusform>Просрочено: %n</numerusform>
            <numerusform>Просрочено: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n yours)</source>
        <translation type="vanished">
            <numerusform>(ваших: %n)</numerusform>
            <numerusform>(ваших: %n)</numerusform>
            <numerusform>(ваших: %n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Сроки</translation>
    </message>
</context>
<context>
    <name>DueView</name>
    <message>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Куратор</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>На этой неделе</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Позже</translation>
    </message>
    <message>
        <source>Next 7 days</source>
        <translation>Ближайшие 7 дней</translation>
    </message>
    <message>
        <source>Next 30 days</source>
        <translation>Ближайшие 30 дней</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Всё</translation>
    </message>
    <message>
        <source>My cases only ({name})</source>
        <translation>Только мои дела ({name})</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Assigned to:</source>
        <translation>Куратор:</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Показать:</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>Move date…</source>
        <translation>Перенести срок…</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Nobody (unassigned)</source>
        <translation>Никто (без куратора)</translation>
    </message>
    <message>
        <source>Showing {shown} of {total}: the most urgent overdue and the most urgent from today on.</source>
        <translation>Показано {shown} из {total}: самые срочные из просроченных и самые срочные начиная с сегодняшнего дня.</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>Показать ещё</translation>
    </message>
    <message>
        <source>Follow up: %1</source>
        <translation type="vanished">Контроль: %1</translation>
    </message>
    <message>
        <source>Nothing due. Well done.</source>
        <translation>Сроков нет. Отличная работа.</translation>
    </message>
    <message>
        <source>{total} due, {overdue} overdue</source>
        <translation>Сроков: {total}, просрочено: {overdue}</translation>
    </message>
    <message>
        <source>today</source>
        <translation>сегодня</translation>
    </message>
    <message>
        <source>1 day late</source>
        <translation>просрочка 1 день</translation>
    </message>
    <message>
        <source>{n} days late</source>
        <translation>просрочка {n} дн.</translation>
    </message>
    <message>
        <source>{title} ({shown} of {total})</source>
        <translation>{title} ({shown} из {total})</translation>
    </message>
    <message>
        <source>Showing the {shown} most urgent of {total}.</source>
        <translation type="vanished">Показаны {shown} самых срочных из {total}.</translation>
    </message>
    <message>
        <source>Show {n} more</source>
        <translation type="vanished">Показать ещё {n}</translation>
    </message>
    <message>
        <source>tomorrow</source>
        <translation>завтра</translation>
    </message>
    <message>
        <source>in {n} days</source>
        <translation>через {n} дн.</translation>
    </message>
    <message>
        <source>Mark answered</source>
        <translation>Ответ получен</translation>
    </message>
    <message>
        <source>Move date</source>
        <translation>Перенести срок</translation>
    </message>
    <message>
        <source>New date for “{title}” ({ref}):</source>
        <translation>Новый срок для «{title}» ({ref}):</translation>
    </message>
    <message>
        <source>Due follow-ups</source>
        <translation>Контрольные сроки</translation>
    </message>
</context>
<context>
    <name>DuplicateBanner</name>
    <message>
        <source>Keep both</source>
        <translation>Оставить обе</translation>
    </message>
    <message>
        <source>Save the new case beside the one already held</source>
        <translation>Сохранить новое дело рядом с уже имеющимся</translation>
    </message>
    <message>
        <source>This person may already be held: open the case, or keep both.</source>
        <translation>Возможно, этот человек уже есть в базе: откройте его дело или оставьте обе записи.</translation>
    </message>
    <message>
        <source>May be %1</source>
        <translation>Возможно, это %1</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Открыть %1</translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <source>Likely duplicates</source>
        <translation>Возможные дубликаты</translation>
    </message>
    <message>
        <source>Find duplicates</source>
        <translation>Найти дубликаты</translation>
    </message>
    <message>
        <source>Lowest score:</source>
        <translation>Минимальное сходство:</translation>
    </message>
    <message>
        <source>Compare and merge…</source>
        <translation>Сравнить и объединить…</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>Это разные люди</translation>
    </message>
    <message>
        <source>This pair will not be proposed again</source>
        <translation>Эта пара больше не будет предлагаться</translation>
    </message>
    <message>
        <source>Undo last merge</source>
        <translation>Отменить последнее объединение</translation>
    </message>
    <message>
        <source>Comparing names, dates of birth and citizenships…</source>
        <translation>Сравниваем имена, даты рождения и гражданство…</translation>
    </message>
    <message>
        <source>Finding likely duplicates</source>
        <translation>Поиск возможных дубликатов</translation>
    </message>
    <message>
        <source>Deleted elsewhere: %1. Looking again…</source>
        <translation>Удалено в другом окне: %1. Поиск заново…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln likely pair(s). Select one to compare or dismiss.</source>
        <translation>
            <numerusform>%Ln возможная пара. Выберите пару, чтобы сравнить или отклонить.</numerusform>
            <numerusform>%Ln возможные пары. Выберите одну, чтобы сравнить или отклонить.</numerusform>
            <numerusform>%Ln возможных пар. Выберите одну, чтобы сравнить или отклонить.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n likely pair(s). Select one to compare or dismiss.</source>
        <translation type="vanished">
            <numerusform>%n возможная пара. Выберите пару, чтобы сравнить или отклонить.</numerusform>
            <numerusform>%n возможные пары. Выберите одну, чтобы сравнить или отклонить.</numerusform>
            <numerusform>%n возможных пар. Выберите одну, чтобы сравнить или отклонить.</numerusform>
        </translation>
    </message>
    <message>
        <source>No likely duplicates at this score.</source>
        <translation>При таком сходстве возможных дубликатов нет.</translation>
    </message>
    <message>
        <source>Looking for duplicates failed: %1</source>
        <translation>Поиск дубликатов не удался: %1</translation>
    </message>
    <message>
        <source>Not dismissed: %1</source>
        <translation>Не отклонено: %1</translation>
    </message>
    <message>
        <source>Dismiss failed</source>
        <translation>Отклонить не удалось</translation>
    </message>
    <message>
        <source>{a} and {b} marked as not the same person.</source>
        <translation>{a} и {b} отмечены как разные люди.</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Сравнить</translation>
    </message>
    <message>
        <source>The merge was not undone: %1</source>
        <translation>Объединение не отменено: %1</translation>
    </message>
    <message>
        <source>Undo merge failed</source>
        <translation>Отмена объединения не удалась</translation>
    </message>
    <message>
        <source>Merge undone: {b} is separate from {a} again.</source>
        <translation>Объединение отменено: {b} снова отдельно от {a}.</translation>
    </message>
</context>
<context>
    <name>EmptyStatePanel</name>
    <message>
        <source>No cases yet</source>
        <translation>Дел пока нет</translation>
    </message>
    <message>
        <source>&lt;p&gt;Case Manager keeps the file of each detainee your group works for: who the person is, where they are held, their family and lawyers, every appeal sent on their behalf and what came back.&lt;/p&gt;&lt;p&gt;Everything stays on this computer. From here you print dossiers for embassies and the ICRC, and exchange case lists with partners.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Case Manager хранит дело каждого человека, содержащегося под стражей, которым занимается ваша группа: кто он, где его содержат, его родные и адвокаты, каждое обращение, отправленное от его имени, и полученные ответы.&lt;/p&gt;&lt;p&gt;Все данные остаются на этом компьютере. Отсюда вы печатаете досье для посольств и МККК и обмениваетесь списками дел с партнёрами.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Новое дело</translation>
    </message>
    <message>
        <source>Open an empty case file (Ctrl+N)</source>
        <translation>Открыть пустое дело (Ctrl+N)</translation>
    </message>
    <message>
        <source>Import a list…</source>
        <translation>Импорт списка…</translation>
    </message>
    <message>
        <source>Read cases from a CSV or Excel list</source>
        <translation>Загрузить дела из списка CSV или Excel</translation>
    </message>
    <message>
        <source>Add demo data</source>
        <translation>Добавить демо-данные</translation>
    </message>
    <message>
        <source>Add 50 invented cases to look around; delete them before real work</source>
        <translation>Добавить 50 вымышленных дел для знакомства; удалите их перед настоящей работой</translation>
    </message>
    <message>
        <source>Importing lists is not available yet</source>
        <translation>Импорт списков пока недоступен</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <source>Edit event</source>
        <translation>Изменить событие</translation>
    </message>
    <message>
        <source>Add event</source>
        <translation>Новое событие</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Содержание</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Достоверность</translation>
    </message>
    <message>
        <source>Confidential (left out of dossiers)</source>
        <translation>Конфиденциально (не входит в досье)</translation>
    </message>
</context>
<context>
    <name>ExchangesView</name>
    <message>
        <source>New exchange…</source>
        <translation>Новый обмен…</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation>Обмены</translation>
    </message>
    <message>
        <source>Select an exchange, or create one.</source>
        <translation>Выберите обмен или создайте новый.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Native name</source>
        <translation>ФИО (в оригинале)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлен</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Дата освобождения</translation>
    </message>
    <message>
        <source>Add cases…</source>
        <translation>Добавить дела…</translation>
    </message>
    <message>
        <source>Mark released…</source>
        <translation>Отметить освобождённых…</translation>
    </message>
    <message>
        <source>Match a published list…</source>
        <translation>Сверить с опубликованным списком…</translation>
    </message>
    <message>
        <source>{listed} listed · {released} released</source>
        <translation>в списке: {listed} · освобождено: {released}</translation>
    </message>
    <message>
        <source>Exchange {title}</source>
        <translation>Обмен {title}</translation>
    </message>
    <message>
        <source>{listed} on the list · {released} released · {waiting} waiting</source>
        <translation>в списке: {listed} · освобождено: {released} · ожидают: {waiting}</translation>
    </message>
    <message>
        <source>Add cases</source>
        <translation>Добавить дела</translation>
    </message>
    <message>
        <source>Select or create an exchange first.</source>
        <translation>Сначала выберите или создайте обмен.</translation>
    </message>
    <message>
        <source>References of the cases to put on the list (e.g. CM-0012 CM-0040):</source>
        <translation>Номера дел для включения в список (напр. CM-0012 CM-0040):</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Reference</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Place of detention</source>
        <translation>Место содержания</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>Последнее изменение</translation>
    </message>
    <message>
        <source>Partners&apos; references</source>
        <translation>Номера у партнёров</translation>
    </message>
    <message>
        <source>Cells</source>
        <translation>Ячейки</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Ячейка</translation>
    </message>
    <message>
        <source>column %1</source>
        <translation>столбец %1</translation>
    </message>
    <message>
        <source>Export cases</source>
        <translation>Экспорт дел</translation>
    </message>
    <message>
        <source>All cases</source>
        <translation>Все дела</translation>
    </message>
    <message>
        <source>Cases in the current list (its filter and search)</source>
        <translation>Дела текущего списка (с его фильтрами и поиском)</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>подсчёт…</translation>
    </message>
    <message>
        <source>CSV (UTF-8, for any program)</source>
        <translation>CSV (UTF-8, для любой программы)</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Книга Excel (.xlsx)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ни одного</translation>
    </message>
    <message>
        <source>Choose where to save the list</source>
        <translation>Выберите, куда сохранить список</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>Cells that begin with = + - or @ are written with a leading apostrophe, so spreadsheets show them as text instead of running them as formulas. Importing the file removes it again.</source>
        <translation>Перед ячейками, начинающимися с = + - или @, ставится апостроф, чтобы таблицы показывали их как текст, а не выполняли как формулы. При импорте файла апостроф снова убирается.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>Columns, in this order:</source>
        <translation>Столбцы, в этом порядке:</translation>
    </message>
    <message>
        <source>Choose at least one column.</source>
        <translation>Выберите хотя бы один столбец.</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>Файл CSV (*.csv)</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Экспорт не удался: %1</translation>
    </message>
    <message>
        <source>Exporting cases</source>
        <translation>Экспорт дел</translation>
    </message>
</context>
<context>
    <name>Failures</name>
    <message>
        <source>database error: %1</source>
        <translation>ошибка базы данных: %1</translation>
    </message>
    <message>
        <source>Case Manager</source>
        <translation>Case Manager</translation>
    </message>
    <message>
        <source>Something went wrong and the last action may not have been completed: %1</source>
        <translation>Что-то пошло не так, и последнее действие, возможно, не выполнено: %1</translation>
    </message>
</context>
<context>
    <name>Features</name>
    <message>
        <source>Due</source>
        <translation type="vanished">Сроки</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation type="vanished">Обмены</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="vanished">Сводка</translation>
    </message>
    <message>
        <source>&amp;Due follow-ups</source>
        <translation type="vanished">&amp;Контрольные сроки</translation>
    </message>
    <message>
        <source>&amp;Exchanges</source>
        <translation type="vanished">&amp;Обмены</translation>
    </message>
    <message>
        <source>O&amp;verview</source>
        <translation type="vanished">С&amp;водка</translation>
    </message>
    <message>
        <source>Add to &amp;exchange list…</source>
        <translation type="vanished">Включить в список на &amp;обмен…</translation>
    </message>
    <message>
        <source>Put the selected cases on the exchange chosen in Exchanges</source>
        <translation type="vanished">Включить выбранные дела в список обмена, выбранного в разделе «Обмены»</translation>
    </message>
    <message>
        <source>&amp;Dossier…</source>
        <translation type="vanished">&amp;Досье…</translation>
    </message>
    <message>
        <source>Make a PDF dossier of the selected cases (Ctrl+P)</source>
        <translation type="vanished">Составить досье PDF по выбранным делам (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="vanished">&amp;Настройки…</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose a case list</source>
        <translation>Выберите список дел</translation>
    </message>
    <message>
        <source>A CSV file (UTF-8, UTF-16 or Windows-1251; commas or semicolons) or an Excel workbook (.xlsx). The first row must name the columns.</source>
        <translation>Файл CSV (UTF-8, UTF-16 или Windows-1251; через запятую или точку с запятой) или книга Excel (.xlsx). В первой строке должны быть названия столбцов.</translation>
    </message>
    <message>
        <source>Path to a .csv or .xlsx file</source>
        <translation>Путь к файлу .csv или .xlsx</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>e.g. the partner organisation&apos;s name</source>
        <translation>например, название организации-партнёра</translation>
    </message>
    <message>
        <source>From whom (the source of the list&apos;s own case numbers; empty: the file&apos;s name):</source>
        <translation>От кого (источник собственных номеров дел в списке; пусто — имя файла):</translation>
    </message>
    <message>
        <source>Import cases</source>
        <translation>Импорт дел</translation>
    </message>
    <message>
        <source>Case lists (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>Списки дел (*.csv *.xlsx *.txt);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search names, aliases, references…  (Ctrl+F)</source>
        <translation>Имя, номер…  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Любой статус</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>Открытые дела</translation>
    </message>
    <message>
        <source>Any citizenship</source>
        <translation>Любое гражданство</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Любой приоритет</translation>
    </message>
    <message>
        <source>Any recruitment</source>
        <translation>Любой способ набора</translation>
    </message>
    <message>
        <source>Any caseworker</source>
        <translation>Любой куратор</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>Любая метка</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <source>Show every case again</source>
        <translation>Снова показать все дела</translation>
    </message>
</context>
<context>
    <name>HistorySection</name>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>The history starts when the case is first saved.</source>
        <translation>История начинается с первого сохранения дела.</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <source>Disclosed to (dossiers, letters, lists)</source>
        <translation>Кому передавалось (досье, письма, списки)</translation>
    </message>
    <message>
        <source>Partners&apos; references: %1</source>
        <translation>Номера дела у партнёров: %1</translation>
    </message>
    <message>
        <source>Created by import %1: %2</source>
        <translation>Создано импортом %1: %2</translation>
    </message>
    <message>
        <source>Changed by import %1: %2</source>
        <translation>Изменено импортом %1: %2</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>Case Manager (locked)</source>
        <translation>Case Manager (заблокирован)</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import cases</source>
        <translation>Импорт дел</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>Importing cases</source>
        <translation>Импорт дел</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Импортировано</translation>
    </message>
    <message>
        <source>The list is in the database (import %1).</source>
        <translation>Список внесён в базу (импорт %1).</translation>
    </message>
    <message>
        <source>&lt;p&gt;Rows read: %1. New cases: &lt;b&gt;%2&lt;/b&gt;. Updated: &lt;b&gt;%3&lt;/b&gt;. Unchanged (the same as their case): %4. Skipped: %5.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Прочитано строк: %1. Новых дел: &lt;b&gt;%2&lt;/b&gt;. Обновлено: &lt;b&gt;%3&lt;/b&gt;. Без изменений (совпадают со своим делом): %4. Пропущено: %5.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Rows read: %1. New cases: &lt;b&gt;%2&lt;/b&gt;. Updated: &lt;b&gt;%3&lt;/b&gt; (%4 of them unchanged). Skipped: %5.&lt;/p&gt;</source>
        <translation type="vanished">&lt;p&gt;Прочитано строк: %1. Новых дел: &lt;b&gt;%2&lt;/b&gt;. Обновлено: &lt;b&gt;%3&lt;/b&gt; (из них без изменений: %4). Пропущено: %5.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;%1 rows: &lt;b&gt;%2&lt;/b&gt; new cases, &lt;b&gt;%3&lt;/b&gt; updated (%4 of them unchanged), %5 skipped.&lt;/p&gt;</source>
        <translation type="vanished">&lt;p&gt;Строк: %1; новых дел: &lt;b&gt;%2&lt;/b&gt;, обновлено: &lt;b&gt;%3&lt;/b&gt; (из них без изменений: %4), пропущено: %5.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Case Manager is locked</source>
        <translation>Case Manager заблокирован</translation>
    </message>
    <message>
        <source>Enter the passphrase to continue.</source>
        <translation>Введите пароль, чтобы продолжить.</translation>
    </message>
    <message>
        <source>Type your login name (%s) to continue.</source>
        <translation>Введите своё имя пользователя (%s), чтобы продолжить.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Инструменты</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>&amp;Данные</translation>
    </message>
    <message>
        <source>&amp;Security</source>
        <translation>&amp;Безопасность</translation>
    </message>
    <message>
        <source>&amp;Privacy</source>
        <translation>&amp;Конфиденциальность</translation>
    </message>
    <message>
        <source>&amp;Exchange</source>
        <translation>&amp;Обмен</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>&amp;Отчёты</translation>
    </message>
    <message>
        <source>Case Manager</source>
        <translation>Case Manager</translation>
    </message>
    <message>
        <source>&amp;New case</source>
        <translation>&amp;Новое дело</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Найти…</translation>
    </message>
    <message>
        <source>Sa&amp;ve</source>
        <translation>Со&amp;хранить</translation>
    </message>
    <message>
        <source>&amp;Close tab</source>
        <translation>&amp;Закрыть вкладку</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>Change &amp;status…</source>
        <translation>Изменить &amp;статус…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="vanished">&amp;Удалить…</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>&amp;Удалить…</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>&amp;Дела</translation>
    </message>
    <message>
        <source>C&amp;ontacts</source>
        <translation>&amp;Контакты</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>О&amp;бновить</translation>
    </message>
    <message>
        <source>&amp;About Case Manager</source>
        <translation>&amp;О программе Case Manager</translation>
    </message>
    <message>
        <source>Open an empty case file (Ctrl+N)</source>
        <translation>Открыть пустое дело (Ctrl+N)</translation>
    </message>
    <message>
        <source>Open the selected case (Enter)</source>
        <translation>Открыть выбранное дело (Enter)</translation>
    </message>
    <message>
        <source>People and organisations (Ctrl+2)</source>
        <translation>Люди и организации (Ctrl+2)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Дело</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>Co&amp;lumns</source>
        <translation>&amp;Столбцы</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Основная панель</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln case(s) written to %1</source>
        <translation>
            <numerusform>%Ln дело записано в %1</numerusform>
            <numerusform>%Ln дела записаны в %1</numerusform>
            <numerusform>%Ln дел записано в %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %4 unchanged, %3 skipped</source>
        <translation>Импортировано: новых — %1, обновлено — %2, без изменений — %4, пропущено — %3</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) written to %1</source>
        <translation type="vanished">
            <numerusform>%n дело записано в %1</numerusform>
            <numerusform>%n дела записаны в %1</numerusform>
            <numerusform>%n дел записано в %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 skipped</source>
        <translation type="vanished">Импортировано: новых — %1, обновлено — %2, пропущено — %3</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Deleted case %s</source>
        <translation>Дело %s удалено</translation>
    </message>
    <message>
        <source>Sorting by {column}…</source>
        <translation>Сортировка по столбцу «{column}»…</translation>
    </message>
    <message>
        <source>{shown} of {total} shown</source>
        <translation>Показано {shown} из {total}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln case(s)</source>
        <translation>
            <numerusform>%Ln дело</numerusform>
            <numerusform>%Ln дела</numerusform>
            <numerusform>%Ln дел</numerusform>
        </translation>
    </message>
    <message>
        <source>About Case Manager</source>
        <translation>О программе Case Manager</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Case Manager %s&lt;/h3&gt;&lt;p&gt;Offline case files for groups working for detainees and prisoners of war.&lt;/p&gt;&lt;p&gt;Database: &lt;b&gt;%s&lt;/b&gt; (%s)&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Case Manager %s&lt;/h3&gt;&lt;p&gt;Автономная картотека дел для групп, помогающих лицам, содержащимся под стражей, и военнопленным.&lt;/p&gt;&lt;p&gt;База данных: &lt;b&gt;%s&lt;/b&gt; (%s)&lt;/p&gt;&lt;p&gt;Распространяется по лицензии GNU GPL версии 3 или более поздней.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>How the columns are read</source>
        <translation>Как читаются столбцы</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>Столбец в файле</translation>
    </message>
    <message>
        <source>Read as</source>
        <translation>Читать как</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>Первое значение</translation>
    </message>
    <message>
        <source>The first rows of the file:</source>
        <translation>Первые строки файла:</translation>
    </message>
    <message>
        <source>%1: %2. Columns not recognised are ignored unless you choose what they hold.</source>
        <translation>%1: %2. Нераспознанные столбцы пропускаются, если не указать, что в них.</translation>
    </message>
    <message>
        <source>(ignore this column)</source>
        <translation>(пропустить столбец)</translation>
    </message>
    <message>
        <source>(keep in the case&apos;s notes)</source>
        <translation>(сохранить в заметках дела)</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Книга Excel</translation>
    </message>
    <message>
        <source>commas</source>
        <translation>запятыми</translation>
    </message>
    <message>
        <source>semicolons</source>
        <translation>точками с запятой</translation>
    </message>
    <message>
        <source>tabs</source>
        <translation>табуляцией</translation>
    </message>
    <message>
        <source>CSV, %1, separated by %2</source>
        <translation>CSV, %1, разделители — %2</translation>
    </message>
</context>
<context>
    <name>MatchDialog</name>
    <message>
        <source>Match a published list</source>
        <translation>Сверка с опубликованным списком</translation>
    </message>
    <message>
        <source>Paste the list (one name a line) or load a file:</source>
        <translation>Вставьте список (по одному имени в строке) или загрузите файл:</translation>
    </message>
    <message>
        <source>Load file…</source>
        <translation>Загрузить файл…</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Сверить</translation>
    </message>
    <message>
        <source>Name on the list</source>
        <translation>Имя в списке</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Our name</source>
        <translation>Имя в базе</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Сходство</translation>
    </message>
    <message>
        <source>Also possible</source>
        <translation>Возможно также</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Native name</source>
        <translation>ФИО (в оригинале)</translation>
    </message>
    <message>
        <source>On the list, ours</source>
        <translation>В списке, найденные дела</translation>
    </message>
    <message>
        <source>Ours, not on it</source>
        <translation>В базе, нет в списке</translation>
    </message>
    <message>
        <source>No case for</source>
        <translation>Нет дела</translation>
    </message>
    <message>
        <source>Compared with the list of exchange {title}.</source>
        <translation>Сравнение со списком обмена {title}.</translation>
    </message>
    <message>
        <source>Compared with every case listed for an exchange.</source>
        <translation>Сравнение со всеми делами в списках на обмен.</translation>
    </message>
    <message>
        <source>Put ours on this exchange&apos;s list</source>
        <translation>Включить найденные дела в список этого обмена</translation>
    </message>
    <message>
        <source>Load a list of names</source>
        <translation>Загрузить список имён</translation>
    </message>
    <message>
        <source>Lists (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>Списки (*.csv *.xlsx *.txt);;Все файлы (*)</translation>
    </message>
    <message>
        <source>On the list, ours ({n})</source>
        <translation>В списке, найденные дела ({n})</translation>
    </message>
    <message>
        <source>Ours, not on it ({n})</source>
        <translation>В базе, нет в списке ({n})</translation>
    </message>
    <message>
        <source>No case for ({n})</source>
        <translation>Нет дела ({n})</translation>
    </message>
    <message>
        <source> One name fits more than one case: check “Also possible”.</source>
        <translation> Одно имя подходит к нескольким делам: проверьте «Возможно также».</translation>
    </message>
    <message>
        <source> {n} names fit more than one case: check “Also possible”.</source>
        <translation> Имён, подходящих к нескольким делам: {n}; проверьте «Возможно также».</translation>
    </message>
</context>
<context>
    <name>MediaDialog</name>
    <message>
        <source>Media appearance</source>
        <translation>Материал СМИ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Площадка</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Ссылка</translation>
    </message>
    <message>
        <source>Signs of coercion</source>
        <translation>Признаки принуждения</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Compare {a} and {b}</source>
        <translation>Сравнение {a} и {b}</translation>
    </message>
    <message>
        <source>Score {score:.2f}: {reasons}</source>
        <translation>Сходство {score:.2f}: {reasons}</translation>
    </message>
    <message>
        <source>Keep {a}; merge {b} into it</source>
        <translation>Оставить {a}; присоединить к нему {b}</translation>
    </message>
    <message>
        <source>Keep {b}; merge {a} into it</source>
        <translation>Оставить {b}; присоединить к нему {a}</translation>
    </message>
    <message>
        <source>Contacts, appeals, events, attachments, documents, custody and tasks move to the kept case; the other&apos;s spellings become aliases and its empty fields are filled in. The other case is closed, not deleted, and the merge can be undone.</source>
        <translation>Контакты, обращения, события, вложения, документы, места содержания и задачи переносятся в оставляемое дело; написания имени из другого дела добавляются к другим написаниям, а пустые поля заполняются. Другое дело закрывается, но не удаляется, и объединение можно отменить.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Объединить</translation>
    </message>
    <message>
        <source>%1 has unsaved changes in its tab: save or discard them first, then merge.</source>
        <translation>В деле %1 есть несохранённые изменения: сохраните или отмените их, затем объединяйте.</translation>
    </message>
    <message>
        <source>Merge failed</source>
        <translation>Объединение не удалось</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) moved</source>
        <translation>
            <numerusform>перенесена %Ln запись</numerusform>
            <numerusform>перенесены %Ln записи</numerusform>
            <numerusform>перенесено %Ln записей</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln spelling(s) kept as aliases</source>
        <translation>
            <numerusform>добавлено %Ln другое написание</numerusform>
            <numerusform>добавлено %Ln других написания</numerusform>
            <numerusform>добавлено %Ln других написаний</numerusform>
        </translation>
    </message>
    <message>
        <source>Merged {other} into {keep}: {moved}, {aliases}. Use “Undo last merge” to separate them again.</source>
        <translation>{other} присоединено к {keep}: {moved}, {aliases}. Чтобы снова разделить дела, выберите «Отменить последнее объединение».</translation>
    </message>
    <message>
        <source>Merged {other} into {keep}: {moved} record(s) moved, {aliases} spelling(s) kept as aliases. Use “Undo last merge” to separate them again.</source>
        <translation type="vanished">{other} присоединено к {keep}: перенесено записей — {moved}, добавлено других написаний — {aliases}. Чтобы снова разделить дела, выберите «Отменить последнее объединение».</translation>
    </message>
</context>
<context>
    <name>NewExchangeDialog</name>
    <message>
        <source>New exchange</source>
        <translation>Новый обмен</translation>
    </message>
    <message>
        <source>2026-11-20, 2026-11 or 2026</source>
        <translation type="vanished">2026-11-20, 2026-11 или 2026</translation>
    </message>
    <message>
        <source>Who negotiates, where, what was announced…</source>
        <translation>Кто ведёт переговоры, где, что объявлено…</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Дата:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Описание:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Создать</translation>
    </message>
</context>
<context>
    <name>NotesSection</name>
    <message>
        <source>Notes</source>
        <translation>Примечания</translation>
    </message>
    <message>
        <source>Confidential notes</source>
        <translation>Конфиденциальные заметки</translation>
    </message>
    <message>
        <source>Printed only in a dossier for internal use; never in one for others, never sent to partners.</source>
        <translation>Печатаются только в досье для внутреннего пользования; в досье для других не попадают и партнёрам не передаются.</translation>
    </message>
    <message>
        <source>Never printed in dossiers or exported to partners.</source>
        <translation type="vanished">Никогда не печатаются в досье и не передаются партнёрам.</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>Case Manager</source>
        <translation>Case Manager</translation>
    </message>
</context>
<context>
    <name>OverviewView</name>
    <message>
        <source>My cases only ({name})</source>
        <translation>Только мои дела ({name})</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Сохранить в PDF…</translation>
    </message>
    <message>
        <source>By status</source>
        <translation>По статусу</translation>
    </message>
    <message>
        <source>By citizenship</source>
        <translation>По гражданству</translation>
    </message>
    <message>
        <source>By recruitment</source>
        <translation>По способу набора</translation>
    </message>
    <message>
        <source>By priority</source>
        <translation>По приоритету</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Куратор</translation>
    </message>
    <message>
        <source>Days without update</source>
        <translation>Дней без обновления</translation>
    </message>
    <message>
        <source>Last update</source>
        <translation>Обновлено</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Days late</source>
        <translation>Дней просрочки</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Когда (UTC)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Поля</translation>
    </message>
    <message>
        <source>Recent changes</source>
        <translation>Последние изменения</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <source>The overview could not be read: {error}</source>
        <translation>Не удалось получить сводку: {error}</translation>
    </message>
    <message>
        <source>My cases</source>
        <translation>Мои дела</translation>
    </message>
    <message>
        <source>All cases</source>
        <translation>Все дела</translation>
    </message>
    <message>
        <source>{scope}: {total} · {open} open</source>
        <translation>{scope}: {total} · открыто: {open}</translation>
    </message>
    <message>
        <source>appeals are not counted (your role does not see them)</source>
        <translation>обращения не учтены (ваша роль их не видит)</translation>
    </message>
    <message>
        <source>No update for {days} days ({n})</source>
        <translation>Без обновления больше {days} дн. ({n})</translation>
    </message>
    <message>
        <source>Overdue follow-ups ({n})</source>
        <translation>Просроченные сроки ({n})</translation>
    </message>
    <message>
        <source>Save the overview as PDF</source>
        <translation>Сохранить сводку в PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>Составление отчёта…</translation>
    </message>
    <message>
        <source>Save as PDF failed</source>
        <translation>PDF не сохранён</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation type="vanished">Сохранить в PDF</translation>
    </message>
    <message>
        <source>Saving the overview</source>
        <translation>Сохранение сводки</translation>
    </message>
</context>
<context>
    <name>PairsModel</name>
    <message>
        <source>Score</source>
        <translation>Сходство</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Why they look alike</source>
        <translation>Почему похожи</translation>
    </message>
</context>
<context>
    <name>PartialDateEdit</name>
    <message>
        <source>e.g. %1</source>
        <translation>напр. %1</translation>
    </message>
    <message>
        <source>needs a day, month and year</source>
        <translation>нужны день, месяц и год</translation>
    </message>
</context>
<context>
    <name>PassphraseForm</name>
    <message>
        <source>Passphrase</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <source>Forgot it? Use the recovery key</source>
        <translation>Забыли? Используйте ключ восстановления</translation>
    </message>
    <message>
        <source>at least %d characters</source>
        <translation>не менее %d символов</translation>
    </message>
    <message>
        <source>Unlock and set the new passphrase</source>
        <translation>Разблокировать и задать новый пароль</translation>
    </message>
    <message>
        <source>Back to the passphrase</source>
        <translation>Назад к парольной фразе</translation>
    </message>
    <message>
        <source>Recovery key:</source>
        <translation>Ключ восстановления:</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>Новый пароль:</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>Повторите:</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>That recovery key does not open this database.</source>
        <translation>Этот ключ восстановления не подходит к этой базе данных.</translation>
    </message>
    <message>
        <source>Wrong passphrase. Try again, or use the recovery key.</source>
        <translation>Неверный пароль. Попробуйте ещё раз или воспользуйтесь ключом восстановления.</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>Новые пароли не совпадают.</translation>
    </message>
</context>
<context>
    <name>PeopleDialog</name>
    <message>
        <source>People</source>
        <translation>Люди</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Can sign in</source>
        <translation>Может войти</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>Первый пароль</translation>
    </message>
    <message>
        <source>Give &amp;role</source>
        <translation>Дать &amp;роль</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>&amp;Отключить</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>&amp;Включить</translation>
    </message>
    <message>
        <source>New first &amp;password…</source>
        <translation>Новый первый &amp;пароль…</translation>
    </message>
    <message>
        <source>For someone who forgot their password: a new first password, shown here once; they choose their own at their next sign-in</source>
        <translation>Для того, кто забыл пароль: новый первый пароль, показанный здесь один раз; свой пароль человек выберет при следующем входе</translation>
    </message>
    <message>
        <source>login, e.g. malika.k</source>
        <translation>логин, например malika.k</translation>
    </message>
    <message>
        <source>&amp;Add person</source>
        <translation>&amp;Добавить человека</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>Координатор</translation>
    </message>
    <message>
        <source>Caseworker</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>Волонтёр</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>not changed yet</source>
        <translation>ещё не сменён</translation>
    </message>
    <message>
        <source>First password of %1, shown only now: give it to them in person; they choose their own at first sign-in.</source>
        <translation>Первый пароль для %1 показан только сейчас: передайте его лично; при первом входе человек выберет свой.</translation>
    </message>
    <message>
        <source>Login names are lower case: %1 is %2.</source>
        <translation>Логины пишутся строчными буквами: %1 — это %2.</translation>
    </message>
    <message>
        <source>New first password</source>
        <translation>Новый первый пароль</translation>
    </message>
    <message>
        <source>Give %1 a new first password? The password they have now stops working; they choose their own at their next sign-in.</source>
        <translation>Дать %1 новый первый пароль? Нынешний пароль перестанет действовать; свой пароль человек выберет при следующем входе.</translation>
    </message>
    <message>
        <source>New first password of %1, shown only now: give it to them in person; they choose their own at their next sign-in.</source>
        <translation>Новый первый пароль для %1 показан только сейчас: передайте его лично; свой пароль человек выберет при следующем входе.</translation>
    </message>
    <message>
        <source>Could not end the sessions {login} has open now (the database&apos;s owner lacks pg_signal_backend): they last until closed.</source>
        <translation>Не удалось завершить открытые сейчас сеансы {login} (у владельца базы нет права pg_signal_backend): они продлятся, пока их не закроют.</translation>
    </message>
</context>
<context>
    <name>PersonSection</name>
    <message>
        <source>Person</source>
        <translation>Личность</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <source>as written at home, e.g. Турсунов Алишер</source>
        <translation>как пишут на родине, напр. Турсунов Алишер</translation>
    </message>
    <message>
        <source>Native script</source>
        <translation>ФИО (в оригинальном написании)</translation>
    </message>
    <message>
        <source>Latin</source>
        <translation>Латиницей</translation>
    </message>
    <message>
        <source>other spellings, separated by ;</source>
        <translation>другие написания, через ;</translation>
    </message>
    <message>
        <source>Other spellings</source>
        <translation>Другие написания</translation>
    </message>
    <message>
        <source>Birth and origin</source>
        <translation>Рождение и происхождение</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Пол</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>Place of birth</source>
        <translation>Место рождения</translation>
    </message>
    <message>
        <source>Citizenships</source>
        <translation>Гражданство</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>Национальность</translation>
    </message>
    <message>
        <source>Home region</source>
        <translation>Регион проживания</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Языки</translation>
    </message>
    <message>
        <source>Geneva Convention III, art. 122</source>
        <translation>III Женевская конвенция, ст. 122</translation>
    </message>
    <message>
        <source>Father&apos;s first name</source>
        <translation>Имя отца</translation>
    </message>
    <message>
        <source>Mother&apos;s maiden name</source>
        <translation>Девичья фамилия матери</translation>
    </message>
    <message>
        <source>Person to inform</source>
        <translation>Лицо для уведомления</translation>
    </message>
    <message>
        <source>This looks like a phone number: put the family&apos;s phone in Contacts, where their consent to share it applies.</source>
        <translation>Похоже на номер телефона: внесите телефон семьи в «Контакты», где действует их согласие на передачу.</translation>
    </message>
    <message>
        <source>Last proof of life</source>
        <translation>Последнее подтверждение, что жив(а)</translation>
    </message>
    <message>
        <source>Proof of life source</source>
        <translation>Источник последнего подтверждения</translation>
    </message>
    <message>
        <source>Identity documents</source>
        <translation>Документы, удостоверяющие личность</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Кем выдан</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>Add document…</source>
        <translation>Добавить документ…</translation>
    </message>
    <message>
        <source>Delete document</source>
        <translation>Удалить документ</translation>
    </message>
    <message>
        <source>Delete this %1?</source>
        <translation>Удалить этот документ (%1)?</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Перейти к:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Типы файлов:</translation>
    </message>
</context>
<context>
    <name>ReceiveBundleDialog</name>
    <message>
        <source>Receive from partner</source>
        <translation>Принять от партнёра</translation>
    </message>
    <message>
        <source>Choose a bundle a partner sent you.</source>
        <translation>Выберите пакет, присланный партнёром.</translation>
    </message>
    <message>
        <source>Open a bundle…</source>
        <translation>Открыть пакет…</translation>
    </message>
    <message>
        <source>Take it in</source>
        <translation>Принять</translation>
    </message>
    <message>
        <source>Open a bundle</source>
        <translation>Открыть пакет</translation>
    </message>
    <message>
        <source>OpenPGP bundles (*.pgp *.gpg *.asc);;All files (*)</source>
        <translation>Пакеты OpenPGP (*.pgp *.gpg *.asc);;Все файлы (*)</translation>
    </message>
    <message numerus="yes">
        <source>Taken in: %Ln case(s).</source>
        <translation>
            <numerusform>Принято: %Ln дело.</numerusform>
            <numerusform>Принято: %Ln дела.</numerusform>
            <numerusform>Принято: %Ln дел.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Taken in: %n case(s).</source>
        <translation type="vanished">
            <numerusform>Принято: %n дело.</numerusform>
            <numerusform>Принято: %n дела.</numerusform>
            <numerusform>Принято: %n дел.</numerusform>
        </translation>
    </message>
    <message>
        <source>OpenPGP bundles (*.pgp *.gpg);;All files (*)</source>
        <translation type="vanished">Пакеты OpenPGP (*.pgp *.gpg);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Nothing is written yet. Take it in?</source>
        <translation>Пока ничего не записано. Принять?</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Проверено</translation>
    </message>
    <message>
        <source>Taken in: %d cases.</source>
        <translation type="vanished">Принято дел: %d.</translation>
    </message>
    <message>
        <source>Refused: %s</source>
        <translation>Отклонено: %s</translation>
    </message>
    <message>
        <source>Checking the bundle…</source>
        <translation>Проверка пакета…</translation>
    </message>
    <message>
        <source>Taking the bundle in…</source>
        <translation>Приём пакета…</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Could not be read.</source>
        <translation>Не удалось прочитать.</translation>
    </message>
</context>
<context>
    <name>RecordTable</name>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Удалить…</translation>
    </message>
</context>
<context>
    <name>ReleaseDialog</name>
    <message>
        <source>Mark released</source>
        <translation>Отметить освобождённых</translation>
    </message>
    <message>
        <source>Exchange {title}: tick the people who were released.</source>
        <translation>Обмен {title}: отметьте освобождённых.</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>Отметить всех</translation>
    </message>
    <message>
        <source>Tick none</source>
        <translation>Снять отметки</translation>
    </message>
    <message>
        <source>e.g. Coordination HQ statement</source>
        <translation>напр. заявление Координационного штаба</translation>
    </message>
    <message>
        <source>Released on:</source>
        <translation>Дата освобождения:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Источник:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Примечание:</translation>
    </message>
    <message>
        <source>{n} of {total} ticked</source>
        <translation>Отмечено {n} из {total}</translation>
    </message>
</context>
<context>
    <name>SendBundleDialog</name>
    <message>
        <source>Send to partner</source>
        <translation>Отправить партнёру</translation>
    </message>
    <message>
        <source>Cases:</source>
        <translation>Дела:</translation>
    </message>
    <message>
        <source>Partner:</source>
        <translation>Партнёр:</translation>
    </message>
    <message>
        <source>A partner organisation</source>
        <translation>Организация-партнёр</translation>
    </message>
    <message>
        <source>An embassy or consulate</source>
        <translation>Посольство или консульство</translation>
    </message>
    <message>
        <source>The ICRC</source>
        <translation>МККК</translation>
    </message>
    <message>
        <source>Who it is for:</source>
        <translation>Для кого:</translation>
    </message>
    <message>
        <source>Send…</source>
        <translation>Отправить…</translation>
    </message>
    <message>
        <source>Reading the keys…</source>
        <translation>Чтение ключей…</translation>
    </message>
    <message>
        <source>This database has no key pair yet: run `casemanager keys init`.</source>
        <translation>У этой базы ещё нет пары ключей: выполните `casemanager keys init`.</translation>
    </message>
    <message>
        <source>No partner keys yet: add one with `casemanager keys add FILE --name NAME` after comparing its fingerprint.</source>
        <translation>Ключей партнёров ещё нет: добавьте ключ командой `casemanager keys add FILE --name NAME`, сверив его отпечаток.</translation>
    </message>
    <message>
        <source>Leaves out: %s.</source>
        <translation>Не включаются: %s.</translation>
    </message>
    <message>
        <source>Save the bundle</source>
        <translation>Сохранить пакет</translation>
    </message>
    <message>
        <source>OpenPGP bundles (*.pgp)</source>
        <translation>Пакеты OpenPGP (*.pgp)</translation>
    </message>
    <message>
        <source>Cannot send</source>
        <translation>Не удалось отправить</translation>
    </message>
    <message numerus="yes">
        <source>Saved %1 for %2 (%Ln case(s)), signed and encrypted; recorded in the disclosure ledger.</source>
        <translation>
            <numerusform>Сохранено %1 для %2 (%Ln дело), подписано и зашифровано; записано в журнал передачи данных.</numerusform>
            <numerusform>Сохранено %1 для %2 (%Ln дела), подписано и зашифровано; записано в журнал передачи данных.</numerusform>
            <numerusform>Сохранено %1 для %2 (%Ln дел), подписано и зашифровано; записано в журнал передачи данных.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %1 for %2 (%n case(s)), signed and encrypted; recorded in the disclosure ledger.</source>
        <translation type="vanished">
            <numerusform>Сохранено %1 для %2 (%n дело), подписано и зашифровано; записано в журнал передачи данных.</numerusform>
            <numerusform>Сохранено %1 для %2 (%n дела), подписано и зашифровано; записано в журнал передачи данных.</numerusform>
            <numerusform>Сохранено %1 для %2 (%n дел), подписано и зашифровано; записано в журнал передачи данных.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved %s for %s (%d cases), signed and encrypted; recorded in the disclosure ledger.</source>
        <translation type="vanished">Сохранено %s для %s (дел: %d), подписано и зашифровано; записано в журнал передачи сведений.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Connect to a server</source>
        <translation>Подключение к серверу</translation>
    </message>
    <message>
        <source>The office&apos;s Case Manager server. Leave the password empty to use your password file; a service name fills in the rest from pg_service.conf.</source>
        <translation>Сервер Case Manager вашей организации. Оставьте пароль пустым, чтобы взять его из файла паролей; по имени службы остальное берётся из pg_service.conf.</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>этот компьютер</translation>
    </message>
    <message>
        <source>default (5432)</source>
        <translation>по умолчанию (5432)</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>П&amp;орт:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;База данных:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Па&amp;роль:</translation>
    </message>
    <message>
        <source>Ser&amp;vice (optional):</source>
        <translation>Сл&amp;ужба (необязательно):</translation>
    </message>
    <message>
        <source>This is your first sign-in: choose your own password (at least 10 characters; several words are best).</source>
        <translation>Это ваш первый вход: выберите собственный пароль (не меньше 10 символов; лучше несколько слов).</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Новый пароль:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>&amp;Ещё раз:</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Подключиться</translation>
    </message>
    <message>
        <source>Give the database&apos;s name (or a service).</source>
        <translation>Укажите имя базы данных (или службу).</translation>
    </message>
    <message>
        <source>&amp;Save the password</source>
        <translation>Со&amp;хранить пароль</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Пароли не совпадают.</translation>
    </message>
</context>
<context>
    <name>ServiceSection</name>
    <message>
        <source>Service and capture</source>
        <translation>Служба и пленение</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Служба</translation>
    </message>
    <message>
        <source>Affiliation</source>
        <translation>Принадлежность</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Подразделение</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Звание</translation>
    </message>
    <message>
        <source>Service number</source>
        <translation>Личный номер</translation>
    </message>
    <message>
        <source>Recruitment</source>
        <translation>Способ набора</translation>
    </message>
    <message>
        <source>Capture and health</source>
        <translation>Пленение и здоровье</translation>
    </message>
    <message>
        <source>Captured on</source>
        <translation>Дата пленения</translation>
    </message>
    <message>
        <source>Captured at</source>
        <translation>Место пленения</translation>
    </message>
    <message>
        <source>Detaining party</source>
        <translation>Удерживающая сторона</translation>
    </message>
    <message>
        <source>ICRC registration</source>
        <translation>Номер регистрации МККК</translation>
    </message>
    <message>
        <source>Medical urgency</source>
        <translation>Срочность медпомощи</translation>
    </message>
    <message>
        <source>injuries, illnesses, medication needed</source>
        <translation>ранения, болезни, нужные лекарства</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Здоровье</translation>
    </message>
    <message>
        <source>Custody history</source>
        <translation>Места содержания</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Кем удерживается</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>По</translation>
    </message>
    <message>
        <source>Add place…</source>
        <translation>Добавить место…</translation>
    </message>
    <message>
        <source>Media appearances</source>
        <translation>Материалы СМИ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Площадка</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Ссылка</translation>
    </message>
    <message>
        <source>Coercion</source>
        <translation>Принуждение</translation>
    </message>
    <message>
        <source>Add appearance…</source>
        <translation>Добавить материал…</translation>
    </message>
    <message>
        <source>Delete place</source>
        <translation>Удалить место</translation>
    </message>
    <message>
        <source>Delete %1 from the custody history?</source>
        <translation>Удалить «%1» из мест содержания?</translation>
    </message>
    <message>
        <source>Delete media appearance</source>
        <translation>Удалить материал СМИ</translation>
    </message>
    <message>
        <source>Delete this media appearance?</source>
        <translation>Удалить этот материал СМИ?</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Everyone using this database</source>
        <translation>Для всех, кто работает с этой базой</translation>
    </message>
    <message>
        <source>as it should head dossiers and letters</source>
        <translation>как её печатать в досье и письмах</translation>
    </message>
    <message>
        <source>Heads every dossier page and signs the cover letter</source>
        <translation>Указывается вверху каждой страницы досье и в подписи сопроводительного письма</translation>
    </message>
    <message>
        <source>&amp;Organisation name:</source>
        <translation>&amp;Название организации:</translation>
    </message>
    <message>
        <source> backups</source>
        <translation> шт.</translation>
    </message>
    <message>
        <source>&amp;Keep the last:</source>
        <translation>&amp;Хранить резервных копий:</translation>
    </message>
    <message>
        <source>&amp;People…</source>
        <translation>&amp;Люди…</translation>
    </message>
    <message>
        <source>Only a coordinator changes these on the server; you can read them.</source>
        <translation>На сервере это меняет только координатор; вы можете это прочитать.</translation>
    </message>
    <message>
        <source>You, on this computer</source>
        <translation>Лично для вас, на этом компьютере</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>&amp;Ваше имя:</translation>
    </message>
    <message>
        <source>As the system (%1)</source>
        <translation>Как в системе (%1)</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>A new language shows after Case Manager is restarted.</source>
        <translation>Новый язык появится после перезапуска Case Manager.</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Lock &amp;after idle:</source>
        <translation>&amp;Блокировать после простоя:</translation>
    </message>
    <message>
        <source>On the server you are known by your login</source>
        <translation>На сервере вас знают по вашему логину</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Change status of %1</source>
        <translation>Изменить статус дела %1</translation>
    </message>
    <message>
        <source>Current status</source>
        <translation>Текущий статус</translation>
    </message>
    <message>
        <source>New status</source>
        <translation>Новый статус</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>who said so: a call with the mother, a video…</source>
        <translation>откуда известно: звонок матери, видео…</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Достоверность</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>This date is in the future. Is it right?</source>
        <translation>Эта дата — в будущем. Она верна?</translation>
    </message>
    <message>
        <source>This date is before the person was born (%1). Is it right?</source>
        <translation>Эта дата раньше даты рождения (%1). Она верна?</translation>
    </message>
    <message>
        <source>This is before the case was reported (%1): the history will list it before the report. Is the date right?</source>
        <translation>Это раньше, чем о деле сообщили (%1): в истории запись встанет перед сообщением. Дата верна?</translation>
    </message>
</context>
<context>
    <name>StatusSection</name>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Current status</source>
        <translation>Текущий статус</translation>
    </message>
    <message>
        <source>Change status…</source>
        <translation>Изменить статус…</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Куратор</translation>
    </message>
    <message>
        <source>When the case was reported to you; empty: today</source>
        <translation>Когда вам сообщили о деле; пусто — сегодня</translation>
    </message>
    <message>
        <source>Reported on</source>
        <translation>Дата сообщения</translation>
    </message>
    <message>
        <source>separated by ;</source>
        <translation>через ;</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Достоверность</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Записано</translation>
    </message>
</context>
<context>
    <name>TimelineSection</name>
    <message>
        <source>Timeline</source>
        <translation>Хронология</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Содержание</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Достоверность</translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation>Конфиденциально</translation>
    </message>
    <message>
        <source>Add event…</source>
        <translation>Добавить событие…</translation>
    </message>
    <message>
        <source>undated</source>
        <translation>без даты</translation>
    </message>
    <message>
        <source>Delete event</source>
        <translation>Удалить событие</translation>
    </message>
    <message>
        <source>Delete the event of %1?</source>
        <translation>Удалить событие от %1?</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock Case Manager</source>
        <translation>Разблокировать Case Manager</translation>
    </message>
    <message>
        <source>&lt;b&gt;%s&lt;/b&gt; is encrypted. Enter its passphrase.</source>
        <translation>База &lt;b&gt;%s&lt;/b&gt; зашифрована. Введите её пароль.</translation>
    </message>
</context>
<context>
    <name>Upgrade</name>
    <message>
        <source>Database upgraded</source>
        <translation>База данных обновлена</translation>
    </message>
    <message>
        <source>Opening the database</source>
        <translation>Открытие базы данных</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Открытие базы данных…</translation>
    </message>
    <message>
        <source>Upgrade stopped</source>
        <translation>Обновление остановлено</translation>
    </message>
    <message>
        <source>The copy made for this attempt was removed. This version can open the database once it is upgraded: open it again when you have the time.</source>
        <translation>Копия, сделанная для этой попытки, удалена. Эта версия откроет базу данных после обновления: откройте её снова, когда будет время.</translation>
    </message>
</context>
<context>
    <name>UserSettings</name>
    <message>
        <source>Interface language</source>
        <translation>Язык интерфейса</translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation>Блокировка после простоя, мин</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>Reported</source>
        <comment>status</comment>
        <translation>Поступило сообщение</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <comment>status</comment>
        <translation>Задержание подтверждено</translation>
    </message>
    <message>
        <source>Detained</source>
        <comment>status</comment>
        <translation>Под стражей</translation>
    </message>
    <message>
        <source>Exchange listed</source>
        <comment>status</comment>
        <translation>В списке на обмен</translation>
    </message>
    <message>
        <source>Released</source>
        <comment>status</comment>
        <translation>Освобождён(а)</translation>
    </message>
    <message>
        <source>Repatriated</source>
        <comment>status</comment>
        <translation>Репатриирован(а)</translation>
    </message>
    <message>
        <source>Missing</source>
        <comment>status</comment>
        <translation>Пропал(а) без вести</translation>
    </message>
    <message>
        <source>Deceased</source>
        <comment>status</comment>
        <translation>Нет в живых</translation>
    </message>
    <message>
        <source>Closed</source>
        <comment>status</comment>
        <translation>Дело закрыто</translation>
    </message>
    <message>
        <source>Normal</source>
        <comment>priority</comment>
        <translation>Обычный</translation>
    </message>
    <message>
        <source>High</source>
        <comment>priority</comment>
        <translation>Высокий</translation>
    </message>
    <message>
        <source>Urgent</source>
        <comment>priority</comment>
        <translation>Срочный</translation>
    </message>
    <message>
        <source>Contract</source>
        <comment>recruitment</comment>
        <translation>По контракту</translation>
    </message>
    <message>
        <source>Deceived</source>
        <comment>recruitment</comment>
        <translation>Обманным путём</translation>
    </message>
    <message>
        <source>Coerced</source>
        <comment>recruitment</comment>
        <translation>Под принуждением</translation>
    </message>
    <message>
        <source>Recruited in prison</source>
        <comment>recruitment</comment>
        <translation>Из мест лишения свободы</translation>
    </message>
    <message>
        <source>Labour migrant</source>
        <comment>recruitment</comment>
        <translation>Трудовой мигрант</translation>
    </message>
    <message>
        <source>Mobilized</source>
        <comment>recruitment</comment>
        <translation>По мобилизации</translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>recruitment</comment>
        <translation>Неизвестно</translation>
    </message>
    <message>
        <source>Male</source>
        <comment>sex</comment>
        <translation>Мужской</translation>
    </message>
    <message>
        <source>Female</source>
        <comment>sex</comment>
        <translation>Женский</translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>sex</comment>
        <translation>Неизвестно</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <comment>confidence</comment>
        <translation>Подтверждено</translation>
    </message>
    <message>
        <source>Likely</source>
        <comment>confidence</comment>
        <translation>Вероятно</translation>
    </message>
    <message>
        <source>Unverified</source>
        <comment>confidence</comment>
        <translation>Не проверено</translation>
    </message>
    <message>
        <source>Draft</source>
        <comment>appeal_status</comment>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Sent</source>
        <comment>appeal_status</comment>
        <translation>Отправлено</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <comment>appeal_status</comment>
        <translation>Получение подтверждено</translation>
    </message>
    <message>
        <source>Answered</source>
        <comment>appeal_status</comment>
        <translation>Получен ответ</translation>
    </message>
    <message>
        <source>Rejected</source>
        <comment>appeal_status</comment>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>No response</source>
        <comment>appeal_status</comment>
        <translation>Нет ответа</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <comment>appeal_status</comment>
        <translation>Отозвано</translation>
    </message>
    <message>
        <source>Note</source>
        <comment>event_kind</comment>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>Call</source>
        <comment>event_kind</comment>
        <translation>Звонок</translation>
    </message>
    <message>
        <source>Visit</source>
        <comment>event_kind</comment>
        <translation>Посещение</translation>
    </message>
    <message>
        <source>Media</source>
        <comment>event_kind</comment>
        <translation>Материал СМИ</translation>
    </message>
    <message>
        <source>Transfer</source>
        <comment>event_kind</comment>
        <translation>Перевод</translation>
    </message>
    <message>
        <source>Exchange</source>
        <comment>event_kind</comment>
        <translation>Обмен</translation>
    </message>
    <message>
        <source>Status change</source>
        <comment>event_kind</comment>
        <translation>Смена статуса</translation>
    </message>
    <message>
        <source>Relative</source>
        <comment>contact_kind</comment>
        <translation>Родственник</translation>
    </message>
    <message>
        <source>Lawyer</source>
        <comment>contact_kind</comment>
        <translation>Адвокат</translation>
    </message>
    <message>
        <source>Embassy</source>
        <comment>contact_kind</comment>
        <translation>Посольство</translation>
    </message>
    <message>
        <source>Consulate</source>
        <comment>contact_kind</comment>
        <translation>Консульство</translation>
    </message>
    <message>
        <source>ICRC</source>
        <comment>contact_kind</comment>
        <translation>МККК</translation>
    </message>
    <message>
        <source>Ombudsman</source>
        <comment>contact_kind</comment>
        <translation>Омбудсмен</translation>
    </message>
    <message>
        <source>Government body</source>
        <comment>contact_kind</comment>
        <translation>Госорган</translation>
    </message>
    <message>
        <source>Journalist</source>
        <comment>contact_kind</comment>
        <translation>Журналист</translation>
    </message>
    <message>
        <source>NGO</source>
        <comment>contact_kind</comment>
        <translation>НПО</translation>
    </message>
    <message>
        <source>Other</source>
        <comment>contact_kind</comment>
        <translation>Другое</translation>
    </message>
    <message>
        <source>None</source>
        <comment>medical_urgency</comment>
        <translation>Нет</translation>
    </message>
    <message>
        <source>Low</source>
        <comment>medical_urgency</comment>
        <translation>Низкая</translation>
    </message>
    <message>
        <source>High</source>
        <comment>medical_urgency</comment>
        <translation>Высокая</translation>
    </message>
    <message>
        <source>Critical</source>
        <comment>medical_urgency</comment>
        <translation>Критическая</translation>
    </message>
    <message>
        <source>Passport</source>
        <comment>doc_type</comment>
        <translation>Паспорт</translation>
    </message>
    <message>
        <source>National ID card</source>
        <comment>doc_type</comment>
        <translation>Удостоверение личности</translation>
    </message>
    <message>
        <source>Military ID</source>
        <comment>doc_type</comment>
        <translation>Военный билет</translation>
    </message>
    <message>
        <source>Birth certificate</source>
        <comment>doc_type</comment>
        <translation>Свидетельство о рождении</translation>
    </message>
    <message>
        <source>Other</source>
        <comment>doc_type</comment>
        <translation>Другой</translation>
    </message>
    <message>
        <source>Phone</source>
        <comment>channel_kind</comment>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>E-mail</source>
        <comment>channel_kind</comment>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <source>Messenger</source>
        <comment>channel_kind</comment>
        <translation>Мессенджер</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <comment>overview</comment>
        <translation>Не указано</translation>
    </message>
</context>
<context>
    <name>_NameForm</name>
    <message>
        <source>Unlock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <source>That is not the name of who is working.</source>
        <translation>Это не имя того, кто сейчас работает.</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>This database is on a PostgreSQL server. Back it up on the server with pg_dump (ask whoever runs the server).</source>
        <translation type="vanished">Эта база данных находится на сервере PostgreSQL. Резервную копию делают на сервере с помощью pg_dump (обратитесь к администратору сервера).</translation>
    </message>
</context>
</TS>
