/*
 * sample_data.c: the tables `pepkit sample` draws from (declared in sample_data.h): invented
 * names by culture, towns and school kinds, paragraph templates ({N} the child's name, {he}/{his}
 * pronouns, {C} the carer, ... see put_tmpl() in sample.c), subjects and grade scales, the
 * child's voice, targets and meeting texts. Data only: no code.
 */
#include "core/pepkit.h"
#include "sample/sample_data.h"

#define POOL(a) a, PK_ARRAY_LEN(a)

static const char *const british_m[] = { "Oliver", "Jack", "Harry", "George", "Charlie", "Thomas", "Alfie", "Jacob", "Callum", "Kieran", "Liam", "Tyler", "Mason", "Riley", "Jayden", "Leo", "Archie", "Freddie", "Noah", "Reece" };

static const char *const british_f[] = { "Amelia", "Olivia", "Isla", "Emily", "Poppy", "Ava", "Jessica", "Lily", "Chloe", "Megan", "Zoë", "Chloé", "Mia", "Ruby", "Ellie", "Courtney", "Leah", "Skye", "Phoebe", "Evie" };

static const char *const british_fam[] = { "Smith", "Jones", "Taylor", "Brown", "Wilson", "Johnson", "Walker", "Wright", "Robinson", "Thompson", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke", "Jackson", "Turner", "Hill", "Cooper", "Ward", "Marsh", "Pearce", "Holloway" };

static const char *const irish_m[] = { "Seán", "Cian", "Oisín", "Darragh", "Pádraig", "Ciarán", "Eoin", "Tadhg", "Rónán", "Conor" };

static const char *const irish_f[] = { "Siobhán", "Aoife", "Niamh", "Saoirse", "Caoimhe", "Róisín", "Clodagh", "Áine", "Orla", "Éabha" };

static const char *const irish_fam[] = { "Ó Briain", "Murphy", "O'Sullivan", "Ní Dhónaill", "Walsh", "O'Connor", "Byrne", "Mac Giolla", "Kavanagh", "Ó Súilleabháin", "Doherty", "Flanagan" };

static const char *const welsh_m[] = { "Rhys", "Dafydd", "Owain", "Gruffudd", "Iwan", "Emyr", "Cai", "Tomos", "Ioan", "Aled" };

static const char *const welsh_f[] = { "Cerys", "Ffion", "Seren", "Mared", "Elin", "Nia", "Lowri", "Angharad", "Gwenllïan", "Catrin" };

static const char *const welsh_fam[] = { "Llewellyn", "Pritchard", "ap Dafydd", "Bowen", "Griffiths", "Powell", "Vaughan", "Prosser", "Rees", "Morgan" };

static const char *const polish_m[] = { "Łukasz", "Jakub", "Mikołaj", "Szymon", "Kacper", "Wojciech", "Bartłomiej", "Paweł", "Michał", "Tomasz" };

static const char *const polish_f[] = { "Zuzanna", "Małgorzata", "Julia", "Wiktoria", "Zofia", "Agnieszka", "Natalia", "Jagoda", "Oliwia", "Łucja" };

static const char *const polish_fam[] = { "Wiśniewski/Wiśniewska", "Kowalski/Kowalska", "Nowak", "Wójcik", "Kamiński/Kamińska", "Lewandowski/Lewandowska", "Zieliński/Zielińska", "Woźniak", "Dąbrowski/Dąbrowska", "Szymański/Szymańska", "Krawczyk", "Wróbel" };

static const char *const romanian_m[] = { "Andrei", "Ștefan", "Mihai", "Răzvan", "Ionuț", "Bogdan", "Cătălin", "Alexandru", "Florin", "Vlad" };

static const char *const romanian_f[] = { "Ioana", "Andreea", "Bianca", "Mădălina", "Alexandra", "Ilinca", "Roxana", "Denisa", "Teodora", "Iulia" };

static const char *const romanian_fam[] = { "Popescu", "Ionescu", "Dumitrescu", "Stănescu", "Constantin", "Munteanu", "Țurcanu", "Răducanu", "Moldovan", "Georgescu" };

static const char *const turkish_m[] = { "Emre", "Mehmet", "Yusuf", "Kerem", "Burak", "Çağan", "Oğuz", "Eren", "Barış", "Doğan" };

static const char *const turkish_f[] = { "Ayşe", "Elif", "Zeynep", "Büşra", "Gül", "Şeyma", "Duygu", "Özlem", "İrem", "Nazlı" };

static const char *const turkish_fam[] = { "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Yıldız", "Doğan", "Güneş" };

static const char *const viet_m[] = { "Văn Minh", "Đức Anh", "Quang Huy", "Minh Khoa", "Thành Long", "Hoàng Nam", "Tuấn Kiệt", "Gia Bảo" };

static const char *const viet_f[] = { "Thị Hương", "Thị Lan", "Ngọc Anh", "Thu Trang", "Minh Thư", "Bảo Ngọc", "Khánh Linh", "Phương Thảo" };

static const char *const viet_fam[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Huỳnh" };

static const char *const nigerian_m[] = { "Chidi", "Oluwaseun", "Tobenna", "Adebayo", "Emeka", "Ifeanyi", "Babatunde", "Chukwuemeka", "Olamide", "Femi" };

static const char *const nigerian_f[] = { "Adaeze", "Chiamaka", "Oluwatoyin", "Ngozi", "Folake", "Ifeoma", "Temitope", "Chinwe", "Yetunde", "Ebele" };

static const char *const nigerian_fam[] = { "Okonkwo", "Adeyemi", "Okafor", "Balogun", "Eze", "Ogunleye", "Nwosu", "Adebayo", "Obi", "Oyelaran" };

static const char *const somali_m[] = { "Abdirahman", "Mohamed", "Abdullahi", "Hassan", "Yusuf", "Ahmed", "Liban", "Ayanle", "Mahad", "Khalid" };

static const char *const somali_f[] = { "Hodan", "Faadumo", "Ayaan", "Ifrah", "Hibaaq", "Sagal", "Nimco", "Ubah", "Hamdi", "Deeqa" };

static const char *const somali_fam[] = { "Warsame", "Abdi", "Farah", "Jama", "Hersi", "Osman", "Aden", "Nur", "Elmi", "Dualeh" };

static const char *const ukr_m[] = { "Олександр|Oleksandr", "Андрій|Andrii", "Дмитро|Dmytro", "Максим|Maksym", "Богдан|Bohdan", "Тарас|Taras", "Назар|Nazar", "Артем|Artem", "Владислав|Vladyslav", "Євген|Yevhen" };

static const char *const ukr_f[] = { "Олена|Olena", "Софія|Sofiia", "Анастасія|Anastasiia", "Дарина|Daryna", "Вікторія|Viktoriia", "Марія|Mariia", "Ірина|Iryna", "Злата|Zlata" };

static const char *const ukr_fam[] = { "Шевченко|Shevchenko", "Коваленко|Kovalenko", "Бондаренко|Bondarenko", "Ткаченко|Tkachenko", "Кравченко|Kravchenko", "Мельник|Melnyk", "Олійник|Oliinyk", "Руденко|Rudenko", "Петренко|Petrenko", "Гнатюк|Hnatiuk" };

static const char *const ukrlat_m[] = { "Oleksandr", "Andrii", "Dmytro", "Maksym", "Bohdan", "Yurii" };

static const char *const ukrlat_f[] = { "Olena", "Sofiia", "Anastasiia", "Daryna", "Viktoriia", "Yelyzaveta" };

static const char *const ukrlat_fam[] = { "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Rudenko" };

static const char *const greek_m[] = { "Γιώργος|Giorgos", "Νίκος|Nikos", "Δημήτρης|Dimitris", "Κωνσταντίνος|Konstantinos", "Γιάννης|Giannis", "Αλέξανδρος|Alexandros", "Παναγιώτης|Panagiotis" };

static const char *const greek_f[] = { "Ελένη|Eleni", "Μαρία|Maria", "Κατερίνα|Katerina", "Σοφία|Sofia", "Δέσποινα|Despoina", "Αθηνά|Athina" };

static const char *const greek_fam[] = { "Οικονόμου|Oikonomou", "Γεωργίου|Georgiou", "Νικολάου|Nikolaou", "Βασιλείου|Vasileiou", "Ιωάννου|Ioannou", "Χριστοδούλου|Christodoulou", "Αντωνίου|Antoniou" };

static const char *const portuguese_m[] = { "João", "Gonçalo", "Tomás", "Rodrigo", "Simão", "Martim", "Duarte", "André" };

static const char *const portuguese_f[] = { "Beatriz", "Inês", "Leonor", "Matilde", "Carolina", "Mariana", "Conceição", "Luísa" };

static const char *const portuguese_fam[] = { "Gonçalves", "Rodrigues", "Fernandes", "Araújo", "Magalhães", "Simões", "Sebastião", "Pereira" };

static const char *const pakistani_m[] = { "Muhammad", "Hamza", "Zain", "Bilal", "Imran", "Faisal", "Usman", "Ayaan", "Rayyan", "Saif" };

static const char *const pakistani_f[] = { "Aisha", "Maryam", "Zara", "Hafsa", "Sana", "Iqra", "Noor", "Khadija", "Mehreen", "Anaya" };

static const char *const pakistani_fam[] = { "Khan", "Hussain", "Ahmed", "Iqbal", "Malik", "Chaudhry", "Rashid", "Akhtar", "Butt", "Qureshi" };

static const char *const caribbean_m[] = { "Jermaine", "Tyrone", "Marcus", "Dwayne", "Kemar", "Andre", "Jaden", "Isaiah" };

static const char *const caribbean_f[] = { "Shanice", "Keisha", "Tia", "Jada", "Aaliyah", "Kayla", "Nia", "Simone" };

static const char *const caribbean_fam[] = { "Campbell", "Clarke", "Francis", "Williams", "Brown", "Grant", "Samuels", "Reid" };

static const char *const afghan_m[] = { "احمد ضیا|Ahmad Zia", "محمد نبی|Mohammad Nabi", "فرید|Farid", "رحمت الله|Rahmatullah", "سید|Sayed", "جواد|Jawad", "حامد|Hamid", "نقیب الله|Naqibullah" };

static const char *const afghan_f[] = { "زرغونه|Zarghuna", "مرسل|Mursal", "پروانه|Parwana", "فرشته|Freshta" };

static const char *const afghan_fam[] = { "کریمی|Karimi", "احمدزۍ|Ahmadzai", "رحیمی|Rahimi", "صافی|Safi", "نوری|Noori", "حکیمی|Hakimi", "ستانکزی|Stanikzai", "ځدراڼ|Zadran" };

static const char *const eritrean_m[] = { "ዮናስ|Yonas", "ፊልሞን|Filmon", "መሓሪ|Mehari", "ሮቤል|Robel", "ሰመረ|Semere", "ተስፋይ|Tesfay", "ዳዊት|Dawit", "ክብሮም|Kibrom" };

static const char *const eritrean_f[] = { "ሄለን|Helen", "ሰላም|Selam", "ሳባ|Saba", "ሉዋም|Luwam", "ዮርዳኖስ|Yordanos", "ፌቨን|Feven" };

static const char *const eritrean_fam[] = { "ተስፋማርያም|Tesfamariam", "ገብረመድህን|Ghebremedhin", "ሃብተ|Habte", "ኪዳነ|Kidane", "ብርሃነ|Berhane", "ወልዱ|Weldu", "ዮውሃንስ|Yohannes", "ተኽለ|Tekle" };

static const char *const albanian_m[] = { "Ardit", "Erion", "Kleidi", "Dritan", "Besart", "Arbër", "Endrit", "Gëzim" };

static const char *const albanian_f[] = { "Elira", "Drita", "Blerta", "Klea", "Anisa", "Era" };

static const char *const albanian_fam[] = { "Hoxha", "Krasniqi", "Gashi", "Berisha", "Shehu", "Çela", "Dervishi", "Leka" };
static const char *const urdu_m[] = { "محمد|Muhammad", "حمزہ|Hamza", "بلال|Bilal", "عمران|Imran", "فیصل|Faisal", "عثمان|Usman" };
static const char *const urdu_f[] = { "عائشہ|Aisha", "مریم|Maryam", "زارا|Zara", "حفصہ|Hafsa", "ثنا|Sana", "خدیجہ|Khadija" };
static const char *const urdu_fam[] = { "خان|Khan", "حسین|Hussain", "اقبال|Iqbal", "ملک|Malik", "چوہدری|Chaudhry", "قریشی|Qureshi" };
static const char *const bangla_m[] = { "তানভীর|Tanvir", "রাফি|Rafi", "আরিফ|Arif", "সাকিব|Sakib", "ইমরান|Imran", "নাঈম|Naim" };
static const char *const bangla_f[] = { "নুসরাত|Nusrat", "সাদিয়া|Sadia", "তাসনিম|Tasnim", "ফারিহা|Fariha", "জান্নাত|Jannat" };
static const char *const bangla_fam[] = { "আহমেদ|Ahmed", "রহমান|Rahman", "হোসেন|Hossain", "ইসলাম|Islam", "চৌধুরী|Chowdhury", "উদ্দিন|Uddin" };
static const char *const punjabi_m[] = { "ਗੁਰਪ੍ਰੀਤ|Gurpreet", "ਹਰਜੀਤ|Harjeet", "ਮਨਦੀਪ|Mandeep", "ਜਸਪ੍ਰੀਤ|Jaspreet", "ਅਰਜਨ|Arjan", "ਰਣਵੀਰ|Ranveer" };
static const char *const punjabi_f[] = { "ਸਿਮਰਨ|Simran", "ਹਰਲੀਨ|Harleen", "ਨਵਨੀਤ|Navneet", "ਜਸਲੀਨ|Jasleen", "ਅਮਨਦੀਪ|Amandeep" };
static const char *const punjabi_fam[] = { "ਸਿੰਘ/ਕੌਰ|Singh/Kaur", "ਗਿੱਲ|Gill", "ਸੰਧੂ|Sandhu", "ਢਿੱਲੋਂ|Dhillon", "ਗਰੇਵਾਲ|Grewal" };

const culture sd_cultures[C_COUNT] = {
	{ "british", "White - British", "English", POOL(british_m), POOL(british_f), POOL(british_fam), 0 },
	{ "irish", "White - Irish", "English", POOL(irish_m), POOL(irish_f), POOL(irish_fam), 0 },
	{ "welsh", "White - British", "Welsh", POOL(welsh_m), POOL(welsh_f), POOL(welsh_fam), 0 },
	{ "polish", "White - Any other White background", "Polish", POOL(polish_m), POOL(polish_f), POOL(polish_fam), 0 },
	{ "romanian", "White - Any other White background", "Romanian", POOL(romanian_m), POOL(romanian_f), POOL(romanian_fam), 0 },
	{ "turkish", "White - Any other White background", "Turkish", POOL(turkish_m), POOL(turkish_f), POOL(turkish_fam), 0 },
	{ "vietnamese", "Asian or Asian British - Any other Asian background", "Vietnamese", POOL(viet_m), POOL(viet_f), POOL(viet_fam), 0 },
	{ "nigerian", "Black or Black British - African", "English", POOL(nigerian_m), POOL(nigerian_f), POOL(nigerian_fam), 0 },
	{ "somali", "Black or Black British - African", "Somali", POOL(somali_m), POOL(somali_f), POOL(somali_fam), 0 },
	{ "ukrainian", "White - Any other White background", "Ukrainian", POOL(ukr_m), POOL(ukr_f), POOL(ukr_fam), 1 },
	{ "ukrainian-latin", "White - Any other White background", "Ukrainian", POOL(ukrlat_m), POOL(ukrlat_f), POOL(ukrlat_fam), 0 },
	{ "greek", "White - Any other White background", "Greek", POOL(greek_m), POOL(greek_f), POOL(greek_fam), 1 },
	{ "portuguese", "White - Any other White background", "Portuguese", POOL(portuguese_m), POOL(portuguese_f), POOL(portuguese_fam), 0 },
	{ "pakistani", "Asian or Asian British - Pakistani", "Urdu", POOL(pakistani_m), POOL(pakistani_f), POOL(pakistani_fam), 0 },
	{ "caribbean", "Mixed - White and Black Caribbean", "English", POOL(caribbean_m), POOL(caribbean_f), POOL(caribbean_fam), 0 },
	{ "afghan", "Asian or Asian British - Any other Asian background", "Pashto", POOL(afghan_m), POOL(afghan_f), POOL(afghan_fam), 1 },
	{ "eritrean", "Black or Black British - African", "Tigrinya", POOL(eritrean_m), POOL(eritrean_f), POOL(eritrean_fam), 1 },
	{ "albanian", "White - Any other White background", "Albanian", POOL(albanian_m), POOL(albanian_f), POOL(albanian_fam), 0 },
	{ "pakistani-urdu", "Asian or Asian British - Pakistani", "Urdu", POOL(urdu_m), POOL(urdu_f), POOL(urdu_fam), 1 },
	{ "bangladeshi", "Asian or Asian British - Bangladeshi", "Bengali", POOL(bangla_m), POOL(bangla_f), POOL(bangla_fam), 1 },
	{ "punjabi", "Asian or Asian British - Indian", "Punjabi", POOL(punjabi_m), POOL(punjabi_f), POOL(punjabi_fam), 1 },
};

/* How often each culture is drawn for a child who is not an unaccompanied asylum seeker, and
 * for one who is. */
const unsigned sd_culture_w[C_COUNT] = { 46, 5, 4, 6, 4, 3, 2, 5, 3, 0, 3, 0, 3, 3, 6, 0, 0, 2, 2, 3, 3 };

const unsigned sd_culture_uasc_w[C_COUNT] = { 0, 0, 0, 0, 0, 0, 10, 0, 3, 30, 0, 8, 0, 0, 0, 25, 15, 9, 0, 0, 0 };

const char *const sd_towns[] = {
	"Hambleden", "Oakfield", "Little Marsh", "Brackenbury", "Thornley", "Ashcombe", "Fenwick",
	"Millbrook", "Kingsmere", "Hollowell", "Redcliffe Vale", "Stonebridge", "Larkhill",
	"Elmstead", "Ravensholme", "Westmoor", "Coldharbour", "Pendleford", "Briarwood",
	"Netherby", "Wexcombe", "Saltash Green", "Harrowden", "Caerllan", "Glenmorran", "Abbotsley",
};

const char *const sd_streets[] = {
	"Mill Lane", "Orchard Row", "Church Street", "Station Road", "Willow Close", "Beech Avenue",
	"Meadow Way", "Victoria Road", "Park Crescent", "Chapel Hill", "Coronation Drive",
	"Foxglove Close", "The Green", "Riverside Walk", "Bramble Court", "Kingfisher Way",
};

const char *const sd_nursery_kinds[] = { "Nursery School", "Day Nursery", "Pre-School", "Early Years Centre" };

const char *const sd_primary_kinds[] = { "Primary School", "C of E Primary School", "Community Primary School", "Primary Academy", "Infant and Junior School", "St Mary's Catholic Primary School" };

const char *const sd_secondary_kinds[] = { "Academy", "High School", "Community College", "School", "Catholic High School", "Grammar School" };

const char *const sd_special_kinds[] = { "Brookside School", "Hillview Academy", "Meadowbank School", "The Beacon School" };

const char *const sd_college_kinds[] = { "College", "Sixth Form College", "College of Further Education" };

const char *const sd_las[] = { "801", "802", "803", "804", "805" };

const char *const sd_needs[] = {
	"Social, emotional and mental health", "Speech, language and communication needs",
	"Autistic spectrum disorder", "Moderate learning difficulty", "Specific learning difficulty (dyslexia)",
	"Hearing impairment", "Physical disability", "Social, emotional and mental health",
};

const char *const sd_semh_pool[] = {
	"{N} can find unstructured times such as lunch and break difficult, and staff have noticed that {he} seek{s} out an adult when the playground is busy.",
	"{He} {has} built a trusting relationship with {his} key adult, who checks in with {him} at the start of every day.",
	"Changes to routine, including supply teachers and trips, can unsettle {him}; advance warning and a visual timetable help.",
	"{N} sometimes masks worry at school and releases it at home in the evening, which {C} manages calmly.",
	"{He} respond{s} well to praise that is specific and private rather than in front of the class.",
	"When {he} feel{s} overwhelmed, {N} uses the agreed time-out card and returns to learning within ten minutes on most occasions.",
	"Friendships have been a focus this term; {N} now has two friends {he} sit{s} with at lunch.",
	"Staff use the school's relational approach, naming feelings and repairing after incidents rather than relying on sanctions.",
	"{N} has talked about missing {his} brothers and sisters, and this is most visible in the days after contact.",
	"Sleep has been unsettled at times, which affects {his} concentration in the first lessons of the day.",
	"{He} {is} growing in confidence in small-group work and recently volunteered to read aloud.",
	"The school's ELSA has completed a six-week block on emotional literacy with {him}, and {he} can now name and rate {his} feelings.",
	"{N} is sensitive to perceived unfairness and can become argumentative with peers; restorative conversations are working well.",
	"There have been no incidents of dysregulation in the last half term, a marked improvement on the previous term.",
};

const char *const sd_carer_pool[] = {
	"{N} has settled well into the household and has a good routine before school, including breakfast together.",
	"Homework is done at the kitchen table most evenings; {he} prefer{s} to have an adult nearby while working.",
	"We read together at bedtime three or four times a week and {N} is now choosing longer books.",
	"{He} enjoy{s} the weekly swimming club and has moved up a group since the summer.",
	"Mornings can be a struggle when {he} {has} slept badly, and we have agreed a quiet start with the school.",
	"{N} talks about school more openly now, especially about the friends {he} {has} made.",
	"We attended the parents' evening and were pleased with the feedback from {his} teachers.",
	"{He} can become anxious before contact and it helps to keep the afternoon calm and predictable.",
	"We would like more information about how the Pupil Premium Plus is being spent and what difference it is making.",
	"{N} has started helping with the cooking at weekends and is proud of the meals {he} make{s}.",
	"Screen time is agreed each week and {he} keep{s} to it most of the time with reminders.",
	"We have noticed real progress in {his} reading confidence since the tutoring began.",
};

const char *const sd_sw_edu_pool[] = {
	"Education remains a priority in {N}'s care plan and the placement supports learning well.",
	"I have visited {N} at school this term and spoke with {D}, who reports steady progress.",
	"The placement is stable and there are no plans to change school.",
	"{N} told me that {he} feel{s} safe at school and knows who to go to if {he} {is} worried.",
	"Attendance is monitored weekly between the carer and the school office.",
	"Transport to school is arranged by the local authority and has worked reliably this term.",
};

const char *const sd_sw_health_pool[] = {
	"The initial health assessment is complete and the review health assessment is booked for next month.",
	"{N} is on the waiting list for CAMHS following a referral by the GP.",
	"Dental and optician checks are up to date.",
	"{He} {has} an inhaler for asthma, which is kept in the school office and used before PE.",
	"The Children in Care nurse has completed a strengths and difficulties questionnaire with the carer.",
	"A referral for an assessment of {his} sensory needs has been made to occupational therapy.",
};

const char *const sd_sw_journey_pool[] = {
	"{N} came into care following concerns about neglect and has been in the current placement since the date recorded above.",
	"Contact arrangements with the birth family are set out in the care plan and are reviewed at each statutory review.",
	"The permanence plan is long-term foster care, to be confirmed at the next review.",
	"Life-story work has started with {his} social worker and is paced to what {he} can manage.",
	"A strategy meeting was held earlier this year and the safety plan is shared with the designated safeguarding lead.",
	"The independent reviewing officer chaired the last statutory review and endorsed the education plan.",
};

const char *const sd_sw_prior_pool[] = {
	"Keep attendance above 95% and make sure any absence is followed up the same day.",
	"Maintain the stability of the placement and school through the coming term.",
	"Make sure {N}'s views are heard in planning, in the way {he} prefer{s} to give them.",
	"Support {N} to join at least one after-school club.",
	"Prepare early for the next transition so that {N} knows what to expect.",
};

const char *const sd_dt_pool[] = {
	"{N} has made good progress this term, particularly in {S}, and has responded well to the additional support.",
	"Staff report that {he} {is} more settled in class and more willing to attempt challenging tasks.",
	"The targets set last term were reviewed with {N}, who was able to say what had helped.",
	"Pupil Premium Plus funding has been used for targeted tutoring and mentoring, and its impact is tracked half-termly.",
	"Attendance is monitored weekly and any concerns are shared with the social worker the same day.",
	"Next term the focus will be on consolidating reading fluency and building independence in written work.",
	"{N} is a valued member of the school community and is well liked by staff and peers.",
	"The gap between {N}'s attainment and age-related expectations is narrowing in most subjects.",
	"I have met {N} fortnightly this term to check in on how {he} {is} finding lessons.",
};

const char *const sd_interests_pool[] = {
	"Football, and plays for a Saturday team.", "Drawing and making comics.", "Swimming and gymnastics.",
	"Cooking with {his} carer at weekends.", "Minecraft and building with Lego.", "Dancing and music.",
	"Looking after the family dog.", "Riding {his} bike in the park.", "Scouts on Tuesday evenings.",
	"Basketball at the youth centre.", "Singing in the school choir.", "Baking, especially bread.",
};

const char *const sd_strengths_pool[] = {
	"Kind and caring towards younger pupils", "Creative and imaginative", "Good sense of humour",
	"Confident speaker in small groups", "Enthusiastic about practical subjects", "Resilient after setbacks",
	"Strong visual memory", "Loyal friend", "Works hard in maths lessons", "Talented at sport",
	"Asks for help when stuck", "Reliable with classroom jobs", "Curious about science",
	"Good listener in one-to-one conversations",
};

const char *const sd_barriers_pool[] = {
	"Gaps in learning from missed schooling", "Anxiety in crowded or noisy places",
	"Difficulty sustaining attention in long tasks", "Low confidence in writing",
	"Disrupted sleep", "Worry about contact arrangements", "Limited vocabulary for learning",
	"Finds transitions between activities hard", "Reluctant to ask for help",
	"Organisation and remembering equipment",
};

const char *const sd_barriers_third_party[] = {
	"A peer at school has been linked to incidents involving {N} outside school",
	"Information from a previous carer suggests {N} was kept off school to care for a sibling",
};

/* Grade codes in rising order for each scale, used for current and target. */
const char *const sd_g_elg[] = { "1", "2" };

const char *const sd_g_ta[] = { "PK4", "PK5", "PK6", "HNM", "WTS", "EXS", "GDS" };

const char *const sd_g_gcse[] = { "U", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

const char *const sd_g_btec[] = { "Pass", "Merit", "Distinction", "Distinction*" };

const char *const sd_g_alevel[] = { "E", "D", "C", "B", "A", "A*" };

const subj sd_subj_eyfs[] = {
	{ "Communication and language", "Listening, attention and understanding", "eyfs-elg", NULL },
	{ "Communication and language", "Speaking", "eyfs-elg", NULL },
	{ "Personal, social and emotional development", "Self-regulation", "eyfs-elg", NULL },
	{ "Personal, social and emotional development", "Building relationships", "eyfs-elg", NULL },
	{ "Physical development", "Gross motor skills", "eyfs-elg", NULL },
	{ "Physical development", "Fine motor skills", "eyfs-elg", NULL },
	{ "Literacy", "Word reading", "eyfs-elg", NULL },
	{ "Literacy", "Writing", "eyfs-elg", NULL },
	{ "Mathematics", "Number", "eyfs-elg", NULL },
	{ "Mathematics", "Numerical patterns", "eyfs-elg", NULL },
};

const subj sd_subj_ks12[] = {
	{ "English", "Reading", "ks-ta", NULL }, { "English", "Writing", "ks-ta", NULL },
	{ "Maths", NULL, "ks-ta", NULL }, { "Science", NULL, "ks-ta", NULL },
};

const subj sd_subj_ks3[] = {
	{ "English", NULL, "gcse", NULL }, { "Maths", NULL, "gcse", NULL }, { "Science", NULL, "gcse", NULL },
	{ "History", NULL, "gcse", NULL }, { "Geography", NULL, "gcse", NULL }, { "French", NULL, "gcse", NULL },
	{ "Art", NULL, "gcse", NULL }, { "Computing", NULL, "gcse", NULL },
};

const subj sd_subj_ks4[] = {
	{ "English Language", NULL, "gcse", NULL }, { "English Literature", NULL, "gcse", NULL },
	{ "Maths", NULL, "gcse", NULL }, { "Combined Science", NULL, "gcse", NULL },
	{ "History", NULL, "gcse", NULL }, { "Design and Technology", NULL, "gcse", NULL },
	{ "Food Preparation and Nutrition", NULL, "gcse", NULL }, { "Spanish", NULL, "gcse", NULL },
};

const subj sd_subj_p16[] = {
	{ "English (GCSE resit)", NULL, "gcse", NULL }, { "Maths (GCSE resit)", NULL, "gcse", NULL },
	{ "Level 3 Extended Diploma in Sport", NULL, "custom", "BTEC" },
	{ "Psychology", NULL, "custom", "A level" },
	{ "Level 2 Diploma in Professional Cookery", NULL, "custom", "BTEC" },
};

const voice_q sd_voice_ey[] = {
	{ "What does {N} enjoy at nursery?", { "{N} heads straight for the water tray and will play there for twenty minutes.", "{He} loves the sand pit, filling and emptying containers.", "The home corner: {he} makes pretend cups of tea for the adults.", "Outdoor time on the balance bikes." } },
	{ "Who does {N} go to for comfort?", { "{His} key person, and {he} likes to hold her hand at tidy-up time.", "{He} looks for {C} at the door at home time and runs to greet them.", "A favourite soft toy from home that stays in {his} tray.", NULL } },
	{ "What does {N} find hard?", { "Saying goodbye at the door in the morning; a photo from home in {his} bag helps.", "Sharing toys, although {he} will take turns with adult support.", "Loud group times such as singing in the hall.", NULL } },
	{ "What makes {N} laugh?", { "Peekaboo games and songs with actions.", "Bubbles in the garden.", "Silly voices when adults read stories.", NULL } },
	{ "How does {N} show how {he} feel{s}?", { "{He} points and brings objects to show adults and is starting to use two-word phrases.", "When upset {he} hides under the table in the book corner until an adult comes.", "{He} claps and jumps when {he} is excited.", NULL } },
};

const voice_q sd_voice_primary[] = {
	{ "What do you enjoy most at school?", { "Art. We made clay animals and mine was a dragon.", "PE and playtimes with my friends.", "Science when we do experiments, like the volcano.", "Golden time on Fridays." } },
	{ "What is hard at school?", { "Writing long stories, my hand gets tired and I forget what comes next.", "Times tables. I know my 2s, 5s and 10s but not the others.", "When it is too noisy in the hall at lunch.", "Spelling tests." } },
	{ "Who helps you at school?", { "My teacher and the lady in the nurture room.", "My friend Leah helps me when I am stuck.", "Mr Patel at breakfast club.", NULL } },
	{ "What would you like to get better at?", { "Reading, so I can read the Harry Potter books on my own.", "Joined-up handwriting.", "Football, so I can get in the school team.", NULL } },
	{ "What do you want to be when you grow up?", { "A vet because I like animals.", "A footballer or a police officer.", "A teacher like Miss.", "A YouTuber who makes cooking videos." } },
	{ "How do you feel about coming to school?", { "Happy most days but sad on Mondays.", "Good, because my friends are here.", "A bit worried when we have a supply teacher.", NULL } },
	{ "What do you like doing at home?", { "Reading with my carer at bedtime. We are reading a book about a boy and a wolf.", "Playing with the dog in the garden.", "Minecraft and Lego.", NULL } },
};

const voice_q sd_voice_secondary[] = {
	{ "What is going well at school?", { "Maths is going better now I have the tutor, I actually understand equations.", "I have not had any detentions this half term.", "I have got a part in the school play.", "My mentor sessions help." } },
	{ "What is hard at the moment?", { "I get stressed when teachers shout at the whole class even if it is not me.", "Homework is hard to keep on top of. I forget what is due.", "Science, because there are lots of new words.", "Busy corridors at lunchtime." } },
	{ "Which lessons do you enjoy and why?", { "PE and drama because you can move around and it is not just writing.", "Food tech, because I like cooking and I am good at it.", "Computing. I want to make games.", NULL } },
	{ "Who do you talk to if something is wrong?", { "My mentor. I see her on Thursdays and she listens.", "My form tutor, or my carer at home.", "My friend, and sometimes my social worker.", NULL } },
	{ "What would help you in lessons?", { "Sitting near the front and having the slides printed so I do not have to copy from the board.", "Being told before the seating plan changes.", "Extra time to finish my work.", NULL } },
	{ "What are your plans for the future?", { "College to do mechanics, or maybe join the army.", "A-levels and then university, maybe to study law.", "An apprenticeship as an electrician.", "I want a good job so I can have my own flat and a car." } },
	{ "Is there anything worrying you?", { "Sometimes I worry about my little brother and whether he is OK.", "Exams next year.", "Not really at the moment.", NULL } },
};

const voice_q sd_voice_p16[] = {
	{ "How is your course going?", { "The course is good; I like the practical days most. The written assignments are harder.", "Better than school. People treat you like an adult.", "I am behind on one assignment but catching up.", NULL } },
	{ "What are your plans after this course?", { "An apprenticeship, or university if my grades are good enough.", "Level 3 next year, then work.", "I am not sure yet; I want to talk to the careers adviser.", NULL } },
	{ "Do you have what you need to study (laptop, travel, a quiet space)?", { "I have a laptop from the Virtual School but the wifi where I live keeps cutting out.", "The bus pass makes a big difference because college is two buses away.", "Yes, I use the library at college after lessons.", NULL } },
	{ "What support would help you most this term?", { "Help with my maths resit; I missed a lot of maths in Year 9 and 10.", "Someone to check my assignments before I hand them in.", "Help to find a part-time job.", NULL } },
	{ "How are you managing money and independence?", { "I am learning to budget with my personal adviser. I can cook five meals now.", "I am worried about moving out at eighteen and where I will live.", "OK. I pay my phone bill myself now.", NULL } },
};

const tgt sd_tgts_ey[] = {
	{ "Communication and language", "{N} will use three-word phrases to ask for what {he} want{s} at snack time and in play.", "Key person observations record three-word phrases on at least five occasions over two weeks.", "Daily small-group language session (Early Talk Boost) with the key person." },
	{ "Personal, social and emotional development", "{N} will separate from {his} carer at the door and settle within five minutes on most mornings.", "Daily arrival log shows settling within five minutes on four days out of five.", "Consistent greeting routine and a transition object from home." },
	{ "Physical development", "{N} will hold a chunky crayon with a tripod grip and make circular marks.", "Photographs and notes in the learning journal over the half term.", "Funky fingers activities three times a week." },
	{ "Mathematics", "{N} will count reliably to five and match numerals to quantities to five.", "Assessed by the key person in play; four out of five correct.", "Number rhymes and counting in daily routines." },
	{ "Literacy", "{N} will share a picture book with an adult and point to and name familiar objects.", "Observed on three occasions in the book corner.", "Daily one-to-one book sharing; books sent home in the book bag." },
};

const tgt sd_tgts_primary[] = {
	{ "Reading", "{N} will read a book at {his} colour band aloud with 95% accuracy and answer three questions about it.", "Running record by the class teacher at the end of the half term.", "Daily reading with a trained adult for ten minutes." },
	{ "Writing", "{N} will write a paragraph of at least five sentences using capital letters, full stops and the conjunctions 'and', 'because' and 'but'.", "Three independent pieces in {his} writing book meet the criteria.", "Word mat and sentence starters; weekly writing conference with the teacher." },
	{ "Maths", "{N} will recall the 3, 4 and 8 times tables in any order within six seconds each.", "Times-tables check score of at least 20 out of 25.", "Times Tables Rock Stars at home for ten minutes, four evenings a week." },
	{ "Maths", "{N} will add and subtract three-digit numbers using the column method with exchanging.", "80% correct on the end-of-unit assessment.", "Pre-teaching in a small group the day before the lesson." },
	{ "SEMH", "{N} will use {his} calm-down plan when upset and return to class within ten minutes.", "Behaviour log shows use of the plan and return within ten minutes on most occasions.", "Daily check-in with the learning mentor and a named safe space." },
	{ "Phonics", "{N} will read words containing the Phase 5 alternative graphemes (ay, ou, ie, ea).", "Phonics tracker shows the graphemes secure by the end of term.", "Keep-up phonics session three times a week." },
	{ "Attendance", "{N} will arrive at school by 8:45am every day.", "Register shows no late marks over the half term.", "Breakfast club place funded through PP+." },
};

const tgt sd_tgts_secondary[] = {
	{ "English", "{N} will plan and write a 45-minute analytical response using the what-how-why paragraph structure.", "Two timed responses marked at the target grade by the English teacher.", "Weekly one-to-one English tutoring; model answers shared in advance." },
	{ "Maths", "{N} will solve linear equations with unknowns on both sides without prompts.", "80% on the end-of-unit assessment.", "Small-group maths intervention twice a week." },
	{ "Science", "{N} will learn and use the key vocabulary for the current science topic.", "Scores of at least 8/10 on three weekly vocabulary quizzes.", "Knowledge organisers and flash cards used with the carer at home." },
	{ "SEMH", "{N} will use the agreed exit card rather than leaving lessons without permission.", "No more than one unauthorised exit from lessons per half term on the behaviour system.", "Weekly mentoring session; exit card agreed with all subject staff." },
	{ "Attendance", "{N} will attend every day and every lesson, with no unexplained absence.", "Attendance of at least 95% for the half term on the register.", "Attendance officer check-in on Mondays; carer informs school of any absence by 8:30am." },
	{ "Careers", "{N} will attend a careers guidance interview and visit two post-16 providers.", "Careers action plan completed and two visits recorded.", "Careers adviser and designated teacher." },
	{ "Organisation", "{N} will record homework in the planner and hand in all homework on time.", "Homework log shows 90% of homework handed in on time.", "Form tutor checks the planner daily; homework club on Wednesdays." },
};

const tgt sd_tgts_p16[] = {
	{ "Maths", "{N} will achieve grade 4 in the GCSE maths resit.", "Mock exam at grade 4 in March; final result in August.", "Weekly maths tutoring funded by the Virtual School." },
	{ "English", "{N} will complete the English resit coursework tasks on time.", "All tasks submitted by the deadlines on the course tracker.", "Study support sessions in the learning centre." },
	{ "Course", "{N} will submit every unit assignment by its deadline at merit or above.", "Course tracker shows all assignments in on time, at merit or higher.", "Tutor reviews every two weeks." },
	{ "Independence", "{N} will manage a weekly budget and attend college without lateness.", "College attendance at 95% and the budget plan reviewed with the personal adviser.", "Personal adviser sessions every fortnight." },
	{ "Careers", "{N} will apply for two apprenticeships or a university course.", "Applications submitted by the end of February.", "Careers adviser and personal adviser." },
};

const char *const sd_eval_achieved[] = {
	"Achieved. {N} met the measure ahead of the due date and is proud of this.",
	"Achieved: the evidence shows a clear improvement, and the target will be extended next term.",
	"Fully achieved. The support worked well and will continue at a lower level.",
};

const char *const sd_eval_partly[] = {
	"Partly achieved. {N} made progress but needs more practice to be secure; the target continues in a revised form.",
	"Partly achieved: absence during the term slowed progress.",
	"Partly achieved. The first part of the measure was met; the second is carried forward.",
};

const char *const sd_eval_not[] = {
	"Not achieved. The intervention started late because of staffing; it is now in place.",
	"Not achieved: {N} found this too big a step, so it has been broken down into smaller targets.",
};

const char *const sd_interventions_what[] = {
	"One-to-one tutoring", "Learning mentor sessions", "Emotional literacy support (ELSA)",
	"Small-group phonics", "Precision teaching for spelling", "Lego therapy", "Nurture group",
	"Drawing and Talking therapy", "Speech and language programme", "Breakfast club",
	"Homework club", "Touch-typing course", "Reading buddy", "Maths intervention group",
};

const char *const sd_interventions_who[] = {
	"Teaching assistant", "Learning mentor", "Class teacher", "ELSA-trained TA", "External tutor",
	"SENCo", "Speech and language therapist",
};

const char *const sd_interventions_when[] = {
	"Monday and Wednesday mornings", "Thursdays, period 1", "After school", "During registration",
	"Lunchtime", "Tuesday afternoons",
};

const char *const sd_interventions_where[] = {
	"Learning support base", "Nurture room", "Library", "Classroom", "Online",
};

const char *const sd_interventions_freq[] = {
	"Weekly, 45 minutes", "Twice weekly, 30 minutes", "Daily, 10 minutes", "Three times a week, 20 minutes",
	"Fortnightly, 1 hour",
};

/* Discussion topics and text. */
const topic sd_topics[] = {
	{ "positive-start", { "The meeting began with {N}'s good news: {he} had been chosen for the school council.", "{C} shared that {N} had been helping at home and had made everyone a cake.", "{D} read out a postcard home praising {N}'s effort in {S}." } },
	{ "achievements", { "{N} received a headteacher's award for kindness and has moved up a reading band.", "Progress in {S} has been strong, with the last assessment showing a step up from the previous term.", "{N} took part in the school production and performed confidently in front of an audience." } },
	{ "child-voice", { "{N}'s views were shared from the My Voice form; {he} said {he} would like more help with homework.", "{N} attended the first part of the meeting and said that lessons feel easier this term.", "The views {N} gave to the mentor were read out, including a worry about busy corridors." } },
	{ "attendance", { "Attendance was discussed: {N} arrives on time and the office follows up any absence the same morning.", "The attendance figures for the term were shared and compared with last term.", "Punctuality has improved since the breakfast club place started." } },
	{ "attainment", { "Current attainment was reviewed against last term; {S} is on track and reading needs a further push.", "Teacher assessments show progress in most subjects, although writing remains below expectations.", "The tracking data was shared and the group agreed that the targets for next term should focus on {S}." } },
	{ "previous-targets", { "Last term's targets were reviewed one by one with the evidence from the school.", "Most targets were achieved or partly achieved; the group discussed what made the difference.", "The SEMH target was not achieved and has been broken down into smaller steps." } },
	{ "send-semh", { "The SENCo summarised the support in place and the next review of {his} plan.", "The group discussed {N}'s emotional wellbeing and agreed to continue the mentoring.", "Strategies from the educational psychologist's report are being used by all staff." } },
	{ "barriers", { "The main barrier is anxiety in unstructured times; a lunchtime club was suggested.", "Gaps from missed schooling remain, especially in {S}, and the tutoring should continue.", "Organisation is a barrier; a visual timetable and checklist will be tried." } },
	{ "pupil-premium-plus", { "The PP+ request was agreed: tutoring and mentoring linked to the English and maths targets.", "PP+ last term funded tutoring, which has had a clear impact on {S}; the same is requested again.", "The group discussed using PP+ for a laptop and a music lesson to build confidence." } },
	{ "transition", { "The transition plan was discussed, including extra visits to the new setting.", "A careers interview has been booked and a college open day identified.", "The move to the next key stage was discussed and a transition passport will be written." } },
	{ "carer", { "{C} reported that home routines are going well and homework is done most evenings.", "{C} asked for guidance on supporting reading at home; the school will send resources.", "{C} described {N}'s hobbies and how these could be built on at school." } },
	{ "social-care", { "The social worker gave an update on the care plan and the date of the next statutory review.", "Contact arrangements were reviewed; the school will be told of any changes in advance.", "The social worker confirmed that the placement is planned to be long term." } },
	{ "new-targets", { "New SMART targets were agreed for English, maths and one personal target.", "Targets were agreed with {N}, who chose the wording of the personal target.", "The group agreed three new targets with owners and dates." } },
};

const char *const sd_safeguarding_notes[] = {
	"A safeguarding concern raised this term was referred to the designated safeguarding lead and is being managed under the safety plan; details are held on the social care record.",
	"Concerns about possible exploitation outside school were discussed; the police and the exploitation team are involved, and a disruption plan is in place.",
};

const char *const sd_third_party_notes[] = {
	"Information shared by another pupil's parent about an incident at the weekend was noted and passed to the social worker.",
	"The previous foster carer has given a written account of {N}'s routines, which is summarised in the care record.",
};

/* Agreed actions; the careers interview must stay last (see put_actions() in sample.c). */
const char *const sd_action_texts[] = {
	"Send the updated targets to all staff who work with {N}.", "Book the next PEP meeting and send invitations.",
	"Arrange the tutoring sessions funded by PP+.", "Share the latest health assessment with the school (with consent).",
	"Provide reading resources for home.", "Send the PP+ request to the Virtual School for approval.",
	"Ask the educational psychologist for a consultation.", "Update the care plan with the education priorities.",
	"Check that the laptop and internet access are in place.", "Apply for a place at the holiday activity scheme.",
	"Arrange a careers interview.",
};

const char *const sd_venues[] = { "meeting room", "library", "SENCo's office", "online (Teams)", "family room" };

/* Notes on low attendance. */
const char *const sd_attendance_notes[] = {
	"Absence is mostly on Mondays and after contact; the school and carer have a plan to support the start of the week.",
	"Several medical appointments fell in school time this term; the social worker has asked for after-school slots where possible.",
	"Attendance was affected by a placement move and has recovered since.",
};

/* Reasons for an exclusion. */
const char *const sd_exclusion_reasons[] = {
	"Persistent disruption in lessons after warnings, ending in refusal to leave a classroom.",
	"Verbal abuse of a member of staff during a disagreement in the corridor.",
	"A fight with another pupil at lunchtime; both pupils were suspended.",
	"Leaving the school site without permission.",
	"Damage to school property during a period of dysregulation.",
};

/* Updates on SEN support. */
const char *const sd_send_pool[] = {
	"The SENCo has updated the support plan; provision includes small-group work and pre-teaching.",
	"An educational psychologist consultation took place this term and its recommendations are being used in class.",
	"Staff training on {his} needs was delivered by the SENCo at the start of term.",
	"{His} one-page profile was reviewed with {him} and shared with all staff who teach {him}.",
};

/* What a PP+ request buys (at most 32 entries: see put_ppp()). */
const char *const sd_ppp_what[] = {
	"One-to-one tutoring, ten sessions", "Learning mentor time, one term",
	"Reading books and a phonics pack for home", "Breakfast club place for the term",
	"Music lessons (guitar), ten weeks", "ELSA sessions, one term", "Laptop and headphones for homework",
	"Swimming lessons to build confidence", "Revision guides and a scientific calculator",
	"Outdoor learning sessions with the forest school leader",
};

/* The impact of last term's PP+. */
const char *const sd_ppp_impact[] = {
	"Last term's tutoring was well attended and {N}'s assessment in {S} rose by one step.",
	"The mentoring sessions have helped {N} stay in lessons; incidents fell by half.",
	"The reading resources are used at home most evenings and {his} reading age has risen by eight months.",
	"The breakfast club place has improved punctuality, with no late marks this half term.",
};

/* Transition plans. */
const char *const sd_transition_plan[] = {
	"Extra visits to the new setting are planned for the summer term, with photographs for a transition booklet.",
	"The designated teachers of both settings will meet to hand over the PEP and the support plan.",
	"A careers interview is booked and two open days are identified; {C} will attend with {N}.",
	"{N} will have a named adult in the new setting and a phased start if needed.",
	"Information about {his} needs and what works for {him} will be shared in a one-page profile.",
};
