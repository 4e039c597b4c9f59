// Word lists for the English skills: common misspellings, a vocabulary bank for quizzes, very common
// words (to gauge vocabulary range), a sample of academic words, transitions and synonyms for
// overused words.

/** Frequent misspellings → correct spelling. */
export const MISSPELLINGS: Readonly<Record<string, string>> = {
  accomodate: 'accommodate', accomodation: 'accommodation', acheive: 'achieve', acheivement: 'achievement', accross: 'across', adress: 'address',
  agressive: 'aggressive', allready: 'already', alot: 'a lot', amature: 'amateur', apparantly: 'apparently', arguement: 'argument',
  athiest: 'atheist', basicly: 'basically', beleive: 'believe', belive: 'believe', begining: 'beginning', buisness: 'business', calender: 'calendar',
  catagory: 'category', cemetary: 'cemetery', collegue: 'colleague', comming: 'coming', commitee: 'committee', completly: 'completely',
  concious: 'conscious', curiousity: 'curiosity', definately: 'definitely', definitly: 'definitely', dissapoint: 'disappoint', dissappear: 'disappear',
  embarass: 'embarrass', enviroment: 'environment', existance: 'existence', experiance: 'experience', familar: 'familiar', finaly: 'finally',
  foriegn: 'foreign', fourty: 'forty', freind: 'friend', futher: 'further', gaurd: 'guard', goverment: 'government', grammer: 'grammar',
  gratefull: 'grateful', greatful: 'grateful', happend: 'happened', harrass: 'harass', hieght: 'height', humourous: 'humorous', ignorence: 'ignorance',
  immediatly: 'immediately', independant: 'independent', intresting: 'interesting', interupt: 'interrupt', knowlege: 'knowledge', libary: 'library',
  lisence: 'licence', maintainance: 'maintenance', millenium: 'millennium', mischievious: 'mischievous', mispell: 'misspell', neccessary: 'necessary',
  necesary: 'necessary', neice: 'niece', noticable: 'noticeable', occassion: 'occasion', occured: 'occurred', occurence: 'occurrence', ocurred: 'occurred',
  oppurtunity: 'opportunity', opportunty: 'opportunity', persue: 'pursue', posession: 'possession', prefered: 'preferred', privelege: 'privilege',
  probaly: 'probably', proffesor: 'professor', profesional: 'professional', pronounciation: 'pronunciation', publically: 'publicly', realy: 'really',
  reccomend: 'recommend', recieve: 'receive', reciept: 'receipt', refered: 'referred', relevent: 'relevant', religous: 'religious', remeber: 'remember',
  repitition: 'repetition', resistence: 'resistance', responsiblity: 'responsibility', rythm: 'rhythm', saftey: 'safety', scedule: 'schedule',
  seperate: 'separate', sieze: 'seize', similer: 'similar', sincerly: 'sincerely', speach: 'speech', succesful: 'successful', successfull: 'successful',
  suprise: 'surprise', surprize: 'surprise', tommorow: 'tomorrow', tommorrow: 'tomorrow', tounge: 'tongue', truely: 'truly', twelth: 'twelfth',
  tyrany: 'tyranny', untill: 'until', unusualy: 'unusually', usefull: 'useful', vaccum: 'vacuum', wether: 'whether', wich: 'which', wierd: 'weird',
  writting: 'writing', yeild: 'yield', recieved: 'received', beleived: 'believed', acheived: 'achieved', sucess: 'success', buisy: 'busy',
  bussiness: 'business', comittee: 'committee', diffrent: 'different', diffrence: 'difference', enviornment: 'environment', excercise: 'exercise',
  exersise: 'exercise', garentee: 'guarantee', gaurantee: 'guarantee', hapiness: 'happiness', hygeine: 'hygiene', imediately: 'immediately',
  litrature: 'literature', medecine: 'medicine', minature: 'miniature', naturaly: 'naturally', peice: 'piece', percieve: 'perceive', perfom: 'perform',
  playwrite: 'playwright', posible: 'possible', prefrence: 'preference', questionaire: 'questionnaire', reffered: 'referred', succeded: 'succeeded',
  temprature: 'temperature', thier: 'their', threshhold: 'threshold', tomatos: 'tomatoes', potatos: 'potatoes', vegetarain: 'vegetarian', wensday: 'Wednesday',
};

export interface VocabEntry {
  word: string;
  pos: 'noun' | 'verb' | 'adjective' | 'adverb';
  definition: string;
  synonyms: readonly string[];
  example: string;
}

/** A vocabulary bank pitched at classes 8–12 and competitive-exam English. */
export const VOCAB_BANK: readonly VocabEntry[] = [
  { word: 'abundant', pos: 'adjective', definition: 'existing in large quantities; plentiful', synonyms: ['plentiful', 'ample'], example: 'The monsoon brought abundant rain.' },
  { word: 'ambiguous', pos: 'adjective', definition: 'open to more than one interpretation', synonyms: ['unclear', 'equivocal'], example: 'The question was ambiguous, so answers varied.' },
  { word: 'benevolent', pos: 'adjective', definition: 'kind and generous', synonyms: ['kind', 'charitable'], example: 'A benevolent donor funded the library.' },
  { word: 'candid', pos: 'adjective', definition: 'truthful and straightforward; frank', synonyms: ['frank', 'honest'], example: 'She gave a candid account of her mistakes.' },
  { word: 'diligent', pos: 'adjective', definition: 'showing care and effort in work', synonyms: ['hard-working', 'industrious'], example: 'Diligent revision pays off in exams.' },
  { word: 'eloquent', pos: 'adjective', definition: 'fluent and persuasive in speaking or writing', synonyms: ['articulate', 'expressive'], example: 'He made an eloquent plea for clean streets.' },
  { word: 'frugal', pos: 'adjective', definition: 'careful with money or food; not wasteful', synonyms: ['thrifty', 'economical'], example: 'A frugal household saves more each month.' },
  { word: 'gregarious', pos: 'adjective', definition: 'fond of company; sociable', synonyms: ['sociable', 'outgoing'], example: 'Gregarious students enjoy group projects.' },
  { word: 'hostile', pos: 'adjective', definition: 'unfriendly; showing opposition', synonyms: ['unfriendly', 'antagonistic'], example: 'The crowd grew hostile when the match was delayed.' },
  { word: 'impartial', pos: 'adjective', definition: 'treating all sides equally; fair', synonyms: ['fair', 'neutral'], example: 'A judge must remain impartial.' },
  { word: 'jubilant', pos: 'adjective', definition: 'feeling or expressing great happiness', synonyms: ['joyful', 'elated'], example: 'The jubilant team lifted the trophy.' },
  { word: 'lethargic', pos: 'adjective', definition: 'lacking energy; sluggish', synonyms: ['sluggish', 'listless'], example: 'The heat made everyone lethargic.' },
  { word: 'meticulous', pos: 'adjective', definition: 'showing great attention to detail', synonyms: ['careful', 'precise'], example: 'Her meticulous notes helped the whole class.' },
  { word: 'novel', pos: 'adjective', definition: 'new and unusual', synonyms: ['new', 'original'], example: 'They tried a novel way to save water.' },
  { word: 'obsolete', pos: 'adjective', definition: 'no longer in use; out of date', synonyms: ['outdated', 'defunct'], example: 'Floppy disks are obsolete.' },
  { word: 'prudent', pos: 'adjective', definition: 'acting with care for the future; wise', synonyms: ['wise', 'sensible'], example: 'It is prudent to back up your files.' },
  { word: 'resilient', pos: 'adjective', definition: 'able to recover quickly from difficulty', synonyms: ['tough', 'hardy'], example: 'Resilient farmers replanted after the flood.' },
  { word: 'scarce', pos: 'adjective', definition: 'insufficient for the demand; rare', synonyms: ['rare', 'scant'], example: 'Water becomes scarce in summer.' },
  { word: 'tedious', pos: 'adjective', definition: 'too long, slow or dull', synonyms: ['boring', 'monotonous'], example: 'Copying notes by hand is tedious.' },
  { word: 'vivid', pos: 'adjective', definition: 'producing strong, clear images in the mind', synonyms: ['bright', 'graphic'], example: 'The story gives a vivid picture of village life.' },
  { word: 'wary', pos: 'adjective', definition: 'cautious about possible dangers', synonyms: ['cautious', 'careful'], example: 'Be wary of messages asking for your password.' },
  { word: 'zealous', pos: 'adjective', definition: 'full of energy and enthusiasm for a cause', synonyms: ['eager', 'passionate'], example: 'Zealous volunteers cleaned the beach.' },
  { word: 'adversity', pos: 'noun', definition: 'difficulty or misfortune', synonyms: ['hardship', 'misfortune'], example: 'She stayed calm in the face of adversity.' },
  { word: 'anecdote', pos: 'noun', definition: 'a short, interesting story about a real incident', synonyms: ['story', 'tale'], example: 'The speaker opened with a funny anecdote.' },
  { word: 'consensus', pos: 'noun', definition: 'general agreement', synonyms: ['agreement', 'accord'], example: 'The class reached a consensus on the trip.' },
  { word: 'dilemma', pos: 'noun', definition: 'a situation needing a choice between two difficult options', synonyms: ['predicament', 'quandary'], example: 'He faced a dilemma: study or sleep.' },
  { word: 'empathy', pos: 'noun', definition: 'the ability to understand and share the feelings of another', synonyms: ['compassion', 'understanding'], example: 'Good doctors show empathy.' },
  { word: 'fallacy', pos: 'noun', definition: 'a mistaken belief or faulty reasoning', synonyms: ['misconception', 'error'], example: 'It is a fallacy that heavy bags mean hard work.' },
  { word: 'hypothesis', pos: 'noun', definition: 'a proposed explanation to be tested', synonyms: ['theory', 'supposition'], example: 'Test your hypothesis with an experiment.' },
  { word: 'integrity', pos: 'noun', definition: 'the quality of being honest and having strong moral principles', synonyms: ['honesty', 'probity'], example: 'Integrity matters more than marks.' },
  { word: 'legacy', pos: 'noun', definition: 'something handed down from the past', synonyms: ['heritage', 'inheritance'], example: 'The school is his legacy to the town.' },
  { word: 'nuance', pos: 'noun', definition: 'a subtle difference in meaning or expression', synonyms: ['subtlety', 'shade'], example: 'Translation can lose the nuance of a poem.' },
  { word: 'perseverance', pos: 'noun', definition: 'continued effort despite difficulty', synonyms: ['persistence', 'determination'], example: 'Perseverance turned her grades around.' },
  { word: 'precedent', pos: 'noun', definition: 'an earlier event used as an example for later ones', synonyms: ['example', 'model'], example: 'The ruling set a precedent.' },
  { word: 'scrutiny', pos: 'noun', definition: 'close and critical examination', synonyms: ['examination', 'inspection'], example: 'The accounts came under scrutiny.' },
  { word: 'skepticism', pos: 'noun', definition: 'doubt about whether something is true', synonyms: ['doubt', 'disbelief'], example: 'Treat miracle cures with skepticism.' },
  { word: 'tenacity', pos: 'noun', definition: 'the quality of holding on firmly; determination', synonyms: ['determination', 'persistence'], example: 'Her tenacity won the debate.' },
  { word: 'vigilance', pos: 'noun', definition: 'watchfulness for possible danger', synonyms: ['watchfulness', 'alertness'], example: 'Vigilance prevents accidents in the lab.' },
  { word: 'alleviate', pos: 'verb', definition: 'to make suffering or a problem less severe', synonyms: ['ease', 'relieve'], example: 'Trees alleviate summer heat.' },
  { word: 'bolster', pos: 'verb', definition: 'to support or strengthen', synonyms: ['strengthen', 'reinforce'], example: 'Practice tests bolster confidence.' },
  { word: 'comprehend', pos: 'verb', definition: 'to understand fully', synonyms: ['understand', 'grasp'], example: 'Read slowly to comprehend the passage.' },
  { word: 'deteriorate', pos: 'verb', definition: 'to become progressively worse', synonyms: ['worsen', 'decline'], example: 'Air quality deteriorates in winter.' },
  { word: 'elaborate', pos: 'verb', definition: 'to add more detail to', synonyms: ['expand', 'develop'], example: 'Elaborate on your second point.' },
  { word: 'emulate', pos: 'verb', definition: 'to try to equal or match by imitating', synonyms: ['imitate', 'copy'], example: 'Young players emulate their heroes.' },
  { word: 'hinder', pos: 'verb', definition: 'to create difficulties that delay progress', synonyms: ['obstruct', 'impede'], example: 'Noise hinders concentration.' },
  { word: 'illuminate', pos: 'verb', definition: 'to light up; to make clear', synonyms: ['light', 'clarify'], example: 'Examples illuminate a difficult idea.' },
  { word: 'mitigate', pos: 'verb', definition: 'to make less severe or serious', synonyms: ['reduce', 'lessen'], example: 'Helmets mitigate head injuries.' },
  { word: 'procrastinate', pos: 'verb', definition: 'to delay doing something that should be done', synonyms: ['delay', 'postpone'], example: 'Do not procrastinate before exams.' },
  { word: 'reconcile', pos: 'verb', definition: 'to restore friendly relations; to make consistent', synonyms: ['resolve', 'harmonise'], example: 'The friends reconciled after the quarrel.' },
  { word: 'scrutinise', pos: 'verb', definition: 'to examine closely', synonyms: ['inspect', 'examine'], example: 'Scrutinise the data before concluding.' },
  { word: 'substantiate', pos: 'verb', definition: 'to provide evidence to support a claim', synonyms: ['prove', 'support'], example: 'Substantiate your argument with facts.' },
  { word: 'undermine', pos: 'verb', definition: 'to weaken gradually', synonyms: ['weaken', 'erode'], example: 'Rumours undermine trust.' },
  { word: 'advocate', pos: 'verb', definition: 'to publicly support a cause', synonyms: ['support', 'champion'], example: 'She advocates for girls’ education.' },
  { word: 'abruptly', pos: 'adverb', definition: 'suddenly and unexpectedly', synonyms: ['suddenly', 'sharply'], example: 'The rain stopped abruptly.' },
  { word: 'candidly', pos: 'adverb', definition: 'in an honest and open way', synonyms: ['frankly', 'openly'], example: 'He spoke candidly about his fears.' },
  { word: 'diligently', pos: 'adverb', definition: 'with care and steady effort', synonyms: ['carefully', 'industriously'], example: 'They worked diligently all term.' },
  { word: 'inevitably', pos: 'adverb', definition: 'as is certain to happen', synonyms: ['unavoidably', 'necessarily'], example: 'Inevitably, the last bus was full.' },
  { word: 'meticulously', pos: 'adverb', definition: 'with great attention to detail', synonyms: ['carefully', 'precisely'], example: 'The map was meticulously drawn.' },
  { word: 'reluctantly', pos: 'adverb', definition: 'in an unwilling and hesitant way', synonyms: ['unwillingly', 'grudgingly'], example: 'He reluctantly agreed to sing.' },
  { word: 'swiftly', pos: 'adverb', definition: 'quickly; promptly', synonyms: ['quickly', 'rapidly'], example: 'The nurse responded swiftly.' },
];

/** Very common English words (about the top 300): a high share means basic vocabulary. */
export const COMMON_WORDS = new Set(
  `the of and to a in is it you that he was for on are with as i his they be at one have this from or had by hot word but what some we can out
  other were all there when up use your how said an each she which do their time if will way about many then them write would like so these her
  long make thing see him two has look more day could go come did number sound no most people my over know water than call first who may down side
  been now find any new work part take get place made live where after back little only round man year came show every good me give our under
  name very through just form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does set
  three want air well also play small end put home read hand port large spell add even land here must big high such follow act why ask men change
  went light kind off need house picture try us again animal point mother world near build self earth father head stand own page should country
  found answer school grow study still learn plant cover food sun four between state keep eye never last let thought city tree cross farm hard start
  might story saw far sea draw left late run don't while press close night real life few north open seem together next white children begin got walk
  example ease paper group always music those both mark often letter until mile river car feet care second book carry took science eat room friend
  began idea fish mountain stop once base hear horse cut sure watch color colour face wood main enough plain girl usual young ready above ever red list
  though feel talk bird soon body dog family direct pose leave song measure door product black short numeral class wind question happen complete
  ship area half rock order fire south problem piece told knew pass since top whole king space heard best hour better true during hundred five
  remember step early hold west ground interest reach fast verb sing listen six table travel less morning ten simple several vowel toward war lay
  against pattern slow center love person money serve appear road map rain rule govern pull cold notice voice unit power town fine certain fly fall
  lead cry dark machine note wait plan figure star box noun field rest correct able pound done beauty drive stood contain front teach week final
  gave green oh quick develop ocean warm free minute strong special mind behind clear tail produce fact street inch multiply nothing course stay
  wheel full force blue object decide surface deep moon island foot system busy test record boat common gold possible plane stead dry wonder laugh
  thousand ago ran check game shape equate miss brought heat snow tire bring yes distant fill east paint language among bad nice lot really thing`.split(/\s+/),
);

/** A sample of the Academic Word List (Coxhead), for gauging academic register. */
export const ACADEMIC_WORDS = new Set(
  `analyse analysis approach area assess assume authority available benefit concept consist constitute context contract create data define derive
  distribute economy environment establish estimate evident export factor finance formula function identify income indicate individual interpret
  involve issue labour legal legislate major method occur percent period policy principle proceed process require research respond role section
  sector significant similar source specific structure theory vary achieve acquire administrate affect appropriate aspect assist category chapter
  commission community complex compute conclude conduct consequent construct consume credit culture design distinct element equate evaluate feature
  final focus impact injure institute invest item journal maintain normal obtain participate perceive positive potential previous primary purchase
  range region regulate relevant reside resource restrict secure seek select site strategy survey text tradition transfer alternative circumstance
  comment compensate component consent considerable constant constrain contribute convene coordinate core corporate correspond criteria deduce
  demonstrate document dominate emphasis ensure exclude framework fund illustrate immigrate imply initial instance interact justify layer link locate
  maximise minor negate outcome partner philosophy physical proportion publish react register rely remove scheme sequence sex shift specify
  sufficient task technical technique technology valid volume hypothesis paradigm phenomenon empirical crucial adequate`.split(/\s+/),
);

/** Linking words that signal organisation. */
export const TRANSITIONS = [
  'firstly', 'secondly', 'thirdly', 'finally', 'moreover', 'furthermore', 'in addition', 'additionally', 'however', 'nevertheless', 'on the other hand',
  'in contrast', 'similarly', 'likewise', 'therefore', 'thus', 'consequently', 'as a result', 'hence', 'for example', 'for instance', 'in particular',
  'in conclusion', 'to sum up', 'to conclude', 'overall', 'in short', 'although', 'despite', 'because', 'since', 'meanwhile', 'subsequently', 'indeed',
];

/** Richer alternatives for words students overuse. */
export const OVERUSED: Readonly<Record<string, readonly string[]>> = {
  good: ['excellent', 'beneficial', 'valuable', 'admirable'], bad: ['harmful', 'poor', 'unpleasant', 'detrimental'], very: ['extremely', 'remarkably', '(or a stronger adjective)'],
  big: ['large', 'enormous', 'significant', 'substantial'], small: ['tiny', 'minor', 'modest', 'slight'], nice: ['pleasant', 'delightful', 'kind', 'agreeable'],
  thing: ['aspect', 'factor', 'issue', 'item'], things: ['aspects', 'factors', 'issues', 'items'], get: ['obtain', 'receive', 'earn', 'become'], got: ['obtained', 'received', 'became'],
  said: ['stated', 'explained', 'remarked', 'argued'], lot: ['many', 'much', 'a great deal', 'numerous'], important: ['crucial', 'vital', 'essential', 'significant'],
  happy: ['delighted', 'content', 'cheerful', 'elated'], sad: ['unhappy', 'sorrowful', 'dejected', 'downcast'], show: ['demonstrate', 'reveal', 'illustrate'],
  use: ['employ', 'apply', 'utilise'], help: ['assist', 'support', 'aid'], also: ['moreover', 'furthermore', 'in addition'],
};
