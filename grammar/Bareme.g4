// The Barème scheme language: one combined lexer and parser grammar (ANTLR 4).
grammar Bareme;

// A `(` written right after a name, with nothing between them, opens a call's arguments: the
// token pass of compiler/syntax/parse.cpp gives it this type. A call is thus told from a name
// followed by a parenthesised condition (`eligible when ok (a or b)` on two lines) by one
// token, where ANTLR's prediction would otherwise read to the end of the nested arguments
// (time quadratic in their depth).
tokens { CALL_OPEN }

@parser::members {
  // A unit after a number (`22 kW`) must stand on the number's line, so that a
  // condition ending in a number is never glued to a name that opens the next one.
  bool unitOnSameLine() {
    antlr4::Token* number = _input->LT(-1);
    antlr4::Token* unit = _input->LT(1);
    return number != nullptr && unit != nullptr && number->getLine() == unit->getLine();
  }
  // `€/month`: a `/` glued to the token before it and to the word after it continues a money
  // unit; `350 € / n` with spaces stays a division.
  bool perGlued() {
    antlr4::Token* before = _input->LT(-1);
    antlr4::Token* slash = _input->LT(1);
    antlr4::Token* word = _input->LT(2);
    return before != nullptr && slash != nullptr && word != nullptr && slash->getText() == "/" &&
           before->getStopIndex() + 1 == slash->getStartIndex() &&
           slash->getStopIndex() + 1 == word->getStartIndex();
  }
  // `unless given` after a number ends a `let` (`let x = 5 unless given`): not a unit.
  bool atUnlessGiven() {
    antlr4::Token* word = _input->LT(1);
    antlr4::Token* next = _input->LT(2);
    return word != nullptr && next != nullptr && word->getText() == "unless" && next->getText() == "given";
  }
}

// ---------------------------------------------------------------- files
file : header importDecl* declaration* EOF ;

header : kind=('scheme' | 'module') name=ident title=STRING? headerItem* ;

headerItem
  : 'source' STRING                              # sourceItem
  | 'authority' STRING                           # authorityItem
  | 'valid' ('from' DATE)? ('until' DATE)?       # validItem
  | 'as' 'of' ident                              # asOfItem
  | 'rounding' how=ident                         # roundingItem
  | membership                                   # levelItem
  ;

// `import "path"` makes the file's namespace reachable by its name (or `as NAME`);
// `import a, b from "path"` also brings `a` and `b` into this file's scope.
importDecl : 'import' (names+=ident (',' names+=ident)* 'from')? STRING ('as' alias=ident)? ;

declaration
  : enumDecl | recordDecl | unitDecl | inputDecl | paramDecl | letDecl
  | tableDecl | eligibleDecl | amountDecl | combineDecl | testDecl | assumeDecl | outputDecl
  | levelDecl | propertyDecl
  ;

citation : '§' STRING ;

enumDecl   : 'enum' ident '{' enumCase (',' enumCase)* ','? '}' ;
// A case may carry a code (`paris = "75056"`), or be the open case (`other = any`), then a label.
enumCase   : ident ('=' (code=STRING | open='any'))? label=STRING? ;
recordDecl : 'record' ident '{' field (',' field)* ','? '}' ;
field      : ident ':' type ;
unitDecl   : 'unit' ident STRING? ;
// Bounds say which values make sense: a value outside them is the runtime error InputOutOfRange.
// So does `one of "FILE"` for a Text: the values listed in FILE (one per line).
inputDecl  : 'input' ident ':' type ('=' dflt=expr)? doc=STRING? ('at' 'least' lower=expr)? ('at' 'most' upper=expr)?
             ('one' 'of' values=STRING)? ;
paramDecl  : 'param' ident ':' type '=' datedValue (',' datedValue)* ;
datedValue : expr period? citation? ;
period     : 'from' DATE ('until' DATE)? | 'until' DATE ;
letDecl    : 'let' ident (('(' | CALL_OPEN) (field (',' field)*)? ')')? (':' type)? '=' expr unlessGiven? citation? ;
// A value a situation may give instead of the scheme computing it.
unlessGiven : 'unless' 'given' ;
assumeDecl : 'assume' STRING citation? ;
// A property the scheme claims of itself, for a prover to check (not a condition: evaluation
// ignores it): `property NAME "sentence" § "art." given PRECONDITION, …: EXPR`.
propertyDecl
  : 'property' ident sentence=STRING citation? ('given' given+=expr (',' given+=expr)*)? ':' test=expr ;
// The definitions a scheme reports beside its result (`eval`, `explain`, `score` columns).
outputDecl : 'output' names+=ident (',' names+=ident)* ;

// `Money/month`, `Money/year/person`: money counted per a period and/or per a unit.
type : (ns=ident '.')? name=ident ('<' type '>')? ('/' per+=ident)* ;

tableDecl
  : 'table' ident ('(' | CALL_OPEN) field (',' field)* ')' '->' type hitPolicy citation? tableRow+ ;
hitPolicy : 'unique' | 'first' | 'collect' agg=('sum' | 'min' | 'max') ;
tableRow  : '|' cell ('|' cell)* '|' ;
cell
  : 'any'                                               # anyCell
  | op=('<' | '<=' | '>' | '>=') expr                   # boundCell
  | open=('[' | '(') expr ',' expr close=(']' | ')')    # intervalCell
  | expr                                                # valueCell
  ;

eligibleDecl : 'eligible' 'when' condition+ ;
condition    : (label=ident ':')? expr citation? ('else' message=STRING)? ;

amountDecl : 'amount' '=' expr citation? ;

combineDecl : 'combine' ident title=STRING? citation? combineItem+ ;
combineItem
  : 'aid' ident '=' expr citation?                                        # aidItem
  | 'cap' capTarget 'at' expr ('absorbed' 'by' ident (',' ident)*)?
        ('when' expr)? citation?                                          # capItem
  ;
capTarget : 'total' | ident ('+' ident)* ;

// A level groups schemes and other levels; each member joins with `in LEVEL [priority N]`.
levelDecl  : 'level' ident title=STRING? policy=('first' | 'sum' | 'best') membership* citation? ;
membership : 'in' levelName ('priority' NUMBER)? ;
levelName  : ident ('.' ident)* ;

testDecl : 'test' STRING '{' testItem* '}' ;
testItem
  : 'given' binding (',' binding)*     # givenItem
  | 'as' 'of' expr                     # asOfTestItem
  | 'expect' expr (',' expr)*          # expectItem
  ;
binding : (ns=ident '.')? name=ident '=' expr ;

// ---------------------------------------------------------------- expressions
// Alternatives are listed from the tightest binding to the loosest.
expr
  : primary                                                   # primaryExpr
  | expr '.' ident                                            # fieldExpr
  | '-' expr                                                  # negExpr
  | expr op=('*' | '/') expr                                  # mulExpr
  | expr op=('+' | '-') expr                                  # addExpr
  | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr      # compareExpr
  | expr negated='not'? 'in' expr                             # inExpr
  | 'not' expr                                                # notExpr
  | expr 'and' expr                                           # andExpr
  | expr 'or' expr                                            # orExpr
  | expr 'capped' 'at' expr                                   # capExpr
  | 'if' expr 'then' expr 'else' expr                         # ifExpr
  ;

primary
  : NUMBER unitSuffix?                                                  # numberLit
  | DATE                                                                # dateLit
  | STRING                                                              # stringLit
  | value=('true' | 'false')                                            # boolLit
  | op=('count' | 'filter') CALL_OPEN ident 'in' expr ('where' expr)? ')' # countExpr
  // A call and a comprehension (`sum(x.cost for x in works)`) share their start: one
  // alternative, decided by the token after the first argument, so that prediction never
  // looks across a whole argument (nested calls would cost time quadratic in their depth).
  | (ns=ident '.')? callee=ident CALL_OPEN (arg (comprehension | (',' arg)*))? ')' # callExpr
  | ident                                                               # nameExpr
  | '(' expr ')'                                                        # parenExpr
  | '{' fieldInit (',' fieldInit)* ','? '}'                             # recordLit
  | '{' expr (',' expr)* ','? '}'                                       # setLit
  | '[' (expr (',' expr)* ','?)? ']'                                    # listLit
  | 'match' expr '{' matchArm (',' matchArm)* ','? '}'                  # matchExpr
  // `applicable` is reserved, so this is never `not` of a name.
  | 'not' 'applicable'                                                  # notApplicableLit
  ;

unitSuffix
  : ('€' | 'k€' | 'M€') ({perGlued()}? '/' ident)*
  | '%'
  | {unitOnSameLine() && !atUnlessGiven()}? ident
  ;
arg        : (ident ':')? expr ;
comprehension : 'for' ident 'in' expr ('where' expr)? ;
fieldInit  : ident ':' expr ;
matchArm   : ident ('|' ident)* '=>' expr ;

// Words that are keywords in one place but may name things elsewhere.
ident
  : ID | 'amount' | 'eligible' | 'source' | 'authority' | 'valid' | 'as' | 'of' | 'rounding'
  | 'total' | 'aid' | 'cap' | 'absorbed' | 'by' | 'sum' | 'min' | 'max' | 'any'
  | 'unique' | 'first' | 'collect' | 'unit' | 'from' | 'until' | 'given' | 'expect'
  | 'count' | 'filter' | 'unless' | 'best' | 'priority' | 'least' | 'most' | 'one' | 'output'
  | 'property'
  ;

// ---------------------------------------------------------------- tokens
DATE   : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
// Thousands may be grouped by one space or a no-break space: `2 700 €`. The AST builder
// checks that the groups are of three digits.
NUMBER : DIGIT+ (GROUP DIGIT+)* ('.' DIGIT+)? ;
STRING : '"' (ESCAPE | ~["\\\r\n])* '"' ;
// A string missing its closing quote, to the end of its line: reported by lex() in parse.cpp.
UNTERMINATED_STRING : '"' (ESCAPE | ~["\\\r\n])* ;
ID     : [\p{L}_] [\p{L}\p{N}_]* ;

COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS      : [ \t\r\n\u00A0\u202F\uFEFF]+ -> skip ;
// Any other character: reported by lex() in parse.cpp as an unexpected character.
UNKNOWN_CHAR : . ;

fragment DIGIT  : [0-9] ;
fragment GROUP  : [ \u00A0\u202F] ;
fragment ESCAPE : '\\' . ;
