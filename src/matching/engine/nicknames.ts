/**
 * Common English given names and their nicknames and diminutives, written by hand (general
 * knowledge, not taken from any data set). Two given names are nickname-equivalent when they are
 * the same formal name or share one (Bill and Will both come from William; Liz and Beth from
 * Elizabeth). Names are in the comparison's pinyin form: lower-case a-z, no spaces.
 */
const DIMINUTIVES: Record<string, readonly string[]> = {
  abigail: ['abby', 'abbie', 'gail'],
  abraham: ['abe', 'bram'],
  albert: ['al', 'bert', 'bertie'],
  alexander: ['alex', 'alec', 'sandy', 'xander', 'lex', 'al'],
  alexandra: ['alex', 'alexa', 'sandra', 'sandy', 'lexi', 'lexie'],
  alfred: ['alf', 'alfie', 'fred', 'freddie'],
  alice: ['ally', 'allie', 'alicia'],
  allison: ['ally', 'allie', 'alison'],
  amanda: ['mandy', 'manda'],
  andrew: ['andy', 'drew'],
  angela: ['angie'],
  anthony: ['tony', 'ant'],
  antonio: ['tony', 'toni'],
  arthur: ['art', 'artie'],
  barbara: ['barb', 'babs', 'barbie'],
  benjamin: ['ben', 'benji', 'benny'],
  bernard: ['bernie', 'barney'],
  beverly: ['bev'],
  bradley: ['brad'],
  bridget: ['bridie', 'biddy'],
  caroline: ['carol', 'carrie', 'caro'],
  catherine: ['cathy', 'cath', 'kate', 'katie', 'kat', 'cat', 'kitty'],
  charles: ['charlie', 'chuck', 'chas', 'chaz', 'chip'],
  charlotte: ['lottie', 'charlie', 'lotte'],
  christina: ['chris', 'tina', 'chrissy', 'christine', 'kristina'],
  christine: ['chris', 'chrissy', 'tina'],
  christopher: ['chris', 'kit', 'topher'],
  clifford: ['cliff'],
  cynthia: ['cindy'],
  daniel: ['dan', 'danny'],
  david: ['dave', 'davy', 'davey'],
  deborah: ['deb', 'debbie', 'debby', 'debra'],
  dennis: ['denny'],
  diana: ['di', 'diane'],
  dominic: ['dom'],
  donald: ['don', 'donny'],
  dorothy: ['dot', 'dottie', 'dolly'],
  douglas: ['doug'],
  edward: ['ed', 'eddie', 'eddy', 'ted', 'teddy', 'ned'],
  edwin: ['ed', 'eddie'],
  eleanor: ['ellie', 'nell', 'nora', 'elle'],
  elizabeth: ['liz', 'lizzie', 'lizzy', 'beth', 'betty', 'bess', 'bessie', 'eliza', 'elise', 'libby', 'lisa', 'betsy', 'ellie'],
  emily: ['em', 'emmy', 'millie'],
  emma: ['em', 'emmy'],
  eugene: ['gene'],
  frances: ['fran', 'fanny', 'frankie'],
  francis: ['frank', 'frankie', 'fran'],
  frederick: ['fred', 'freddie', 'freddy', 'rick'],
  gabriel: ['gabe'],
  gabrielle: ['gabby', 'gabi', 'elle'],
  geoffrey: ['geoff', 'jeff'],
  gerald: ['gerry', 'jerry'],
  gregory: ['greg'],
  harold: ['harry', 'hal'],
  helen: ['nell', 'nellie', 'lena'],
  henry: ['harry', 'hank', 'hal'],
  isabella: ['bella', 'izzy', 'isabel', 'isabelle', 'belle'],
  jacob: ['jake', 'jack'],
  james: ['jim', 'jimmy', 'jamie', 'jimbo'],
  janet: ['jan', 'jenny'],
  jennifer: ['jen', 'jenny', 'jenn'],
  jessica: ['jess', 'jessie'],
  joanna: ['jo', 'joanne'],
  john: ['johnny', 'jack', 'jon', 'jonny'],
  jonathan: ['jon', 'jonny', 'nathan'],
  joseph: ['joe', 'joey', 'jo'],
  josephine: ['jo', 'josie'],
  joshua: ['josh'],
  judith: ['judy', 'jude'],
  julia: ['jules', 'julie'],
  katherine: ['kate', 'katie', 'kathy', 'kat', 'kit', 'kitty', 'kath', 'cathy'],
  kathleen: ['kathy', 'kate', 'katie'],
  kenneth: ['ken', 'kenny'],
  lawrence: ['larry', 'laurie'],
  leonard: ['leo', 'len', 'lenny'],
  louis: ['lou', 'louie'],
  louise: ['lou', 'lulu'],
  margaret: ['maggie', 'meg', 'peggy', 'marge', 'margie', 'madge', 'greta', 'daisy', 'peg'],
  matilda: ['tilly', 'mattie'],
  matthew: ['matt', 'matty'],
  michael: ['mike', 'mikey', 'mick', 'micky', 'mickey'],
  nathaniel: ['nate', 'nat', 'nathan'],
  nicholas: ['nick', 'nicky', 'nico'],
  nicola: ['nicky', 'nikki'],
  oliver: ['ollie', 'olly'],
  olivia: ['liv', 'livvy', 'ollie'],
  patricia: ['pat', 'patty', 'patsy', 'trish', 'tricia'],
  patrick: ['pat', 'paddy'],
  penelope: ['penny'],
  peter: ['pete'],
  philip: ['phil', 'pip'],
  phillip: ['phil'],
  rebecca: ['becky', 'becca', 'bec'],
  richard: ['rick', 'ricky', 'dick', 'rich', 'richie'],
  robert: ['rob', 'robbie', 'bob', 'bobby', 'bert', 'robin'],
  ronald: ['ron', 'ronnie'],
  rosemary: ['rose', 'rosie'],
  samantha: ['sam', 'sammy'],
  samuel: ['sam', 'sammy'],
  sarah: ['sally', 'sadie', 'sara'],
  stephanie: ['steph', 'stevie'],
  stephen: ['steve', 'stevie'],
  steven: ['steve', 'stevie'],
  susan: ['sue', 'susie', 'suzy'],
  suzanne: ['sue', 'suzy', 'susie'],
  terence: ['terry'],
  theodore: ['ted', 'teddy', 'theo'],
  thomas: ['tom', 'tommy'],
  timothy: ['tim', 'timmy'],
  valerie: ['val'],
  victoria: ['vicky', 'vikki', 'tori', 'vic'],
  vincent: ['vince', 'vinny'],
  virginia: ['ginny', 'ginger'],
  walter: ['walt', 'wally'],
  william: ['bill', 'billy', 'will', 'willy', 'willie', 'liam'],
  zachary: ['zach', 'zack'],
};

/** name -> the formal names it stands for (itself included) */
const GROUPS: ReadonlyMap<string, readonly string[]> = (() => {
  const groups = new Map<string, string[]>();
  const add = (name: string, formal: string) => {
    const list = groups.get(name) ?? [];
    if (!list.includes(formal)) list.push(formal);
    groups.set(name, list);
  };
  for (const [formal, nicknames] of Object.entries(DIMINUTIVES)) {
    add(formal, formal);
    for (const n of nicknames) add(n, formal);
  }
  return groups;
})();

/** The formal names a given name may stand for (empty when the table does not know it). */
export function formalNames(given: string): readonly string[] {
  return GROUPS.get(given) ?? [];
}

/** True when two different given names are known nickname-equivalents (Bill ~ William ~ Will). */
export function areNicknames(a: string, b: string): boolean {
  const fa = GROUPS.get(a);
  const fb = GROUPS.get(b);
  if (fa === undefined || fb === undefined) return false;
  for (const f of fa) if (fb.includes(f)) return true;
  return false;
}
