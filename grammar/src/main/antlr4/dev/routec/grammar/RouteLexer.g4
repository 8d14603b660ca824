// Lexer of the .route policy language (LANGUAGE.md §2). Keywords are reserved.
lexer grammar RouteLexer;

// ---- structure ----
POLICY   : 'policy';
ATTACH   : 'attach';
ON       : 'on';
XDP      : 'xdp';
TC       : 'tc';
INGRESS  : 'ingress';
EGRESS   : 'egress';
CONST    : 'const';
SET      : 'set';
MAP      : 'map';
POOL     : 'pool';
CAPACITY : 'capacity';
DEFAULT  : 'default';
RULE     : 'rule';
WHEN     : 'when';
DO       : 'do';
TEST     : 'test';
PROPERTY : 'property';
GIVEN    : 'given';
FORALL   : 'forall';
WHERE    : 'where';
BY       : 'by';
// ---- actions ----
PASS     : 'pass';
DROP     : 'drop';
REDIRECT : 'redirect';
ROUTE    : 'route';
TABLE    : 'table';
VIA      : 'via';
DNAT     : 'dnat';
SNAT     : 'snat';
TO       : 'to';
MIRROR   : 'mirror';
LIMIT    : 'limit';
BURST    : 'burst';
PER      : 'per';
FLOW     : 'flow';
LOG      : 'log';
CONTINUE : 'continue';
// ---- operators ----
OR       : 'or';
AND      : 'and';
NOT      : 'not';
IN       : 'in';
// ---- words shared by fields, types and the packet notation ----
SRC      : 'src';
DST      : 'dst';
MARK     : 'mark';
TTL      : 'ttl';
DSCP     : 'dscp';
LEN      : 'len';
IIF      : 'iif';
VLAN     : 'vlan';
TCP      : 'tcp';
UDP      : 'udp';
SCTP     : 'sctp';
ICMP     : 'icmp';
ICMP6    : 'icmp6';
IP       : 'ip';
ARP      : 'arp';
ETH      : 'eth';
IPV4     : 'ipv4';
IPV6     : 'ipv6';
PROTO    : 'proto';
TYPE     : 'type';
CODE     : 'code';
FLAGS    : 'flags';
FRAG     : 'frag';
FIRST    : 'first';
LATER    : 'later';
PAYLOAD  : 'payload';
ANY      : 'any';

// ---- punctuation ----
FATARROW : '=>';
ARROW    : '->';
PLUSEQ   : '+=';
MINUSEQ  : '-=';
EQ       : '==';
NE       : '!=';
LE       : '<=';
GE       : '>=';
LT       : '<';
GT       : '>';
ASSIGN   : '=';
AMP      : '&';
DOTDOT   : '..';
LBRACE   : '{';
RBRACE   : '}';
LPAREN   : '(';
RPAREN   : ')';
LBRACK   : '[';
RBRACK   : ']';
COMMA    : ',';
COLON    : ':';
SLASH    : '/';

// ---- literals (validated by the checker, which owns the messages) ----
MAC_LIT         : MACG ':' MACG ':' MACG ':' MACG ':' MACG ':' MACG;
IPV4_PREFIX_LIT : DOTTED_QUAD '/' DIGITS;
IPV4_LIT        : DOTTED_QUAD;
IPV6_PREFIX_LIT : V6 '/' DIGITS;
IPV6_LIT        : V6;
HEX_LIT         : '0' [xX] [0-9a-fA-F]+;
DEC_LIT         : DIGITS;
STRING          : '"' ~["\r\n]* '"';
UNTERMINATED_STRING : '"' ~["\r\n]*;
FIELD_PATH      : NAME_PART '.' NAME_PART;
IDENT           : NAME_PART;

LINE_COMMENT : ('#' | '//') ~[\r\n]* -> skip;
WS           : [ \t\r\n]+ -> skip;
// anything else becomes a token the parser rejects with a precise position
ERROR_CHAR   : .;

fragment NAME_PART   : [A-Za-z_] [A-Za-z0-9_]*;
fragment DIGITS      : [0-9]+;
fragment DOTTED_QUAD : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS;
// Address shapes are deliberately loose (any number of digits per group, `::` more than once, too
// many or too few groups) so that a malformed address is one token that the checker reports
// precisely (`invalid IPv6 address `1::2::3``) instead of a confusing syntax error.
fragment MACG        : [0-9a-zA-Z]+;
fragment HEXG        : [0-9a-fA-F]+;
fragment V6
    : HEXG ':' HEXG ':' HEXG ':' HEXG ':' HEXG ':' HEXG ':' (HEXG (':' HEXG)* (':' DOTTED_QUAD)? | DOTTED_QUAD)
    | (HEXG ((':' | '::') HEXG)*)? '::' (HEXG ((':' | '::') HEXG)* (':' DOTTED_QUAD)? | DOTTED_QUAD)?
    ;
