// Parser of the .route policy language (LANGUAGE.md §2–§7). Every alternative is labelled;
// the start rules end in EOF. Literal validity and names are checked after parsing.
parser grammar RouteParser;

options { tokenVocab = RouteLexer; }

file        : policy* EOF ;
packetOnly  : packet EOF ;
exprOnly    : expr EOF ;

policy      : POLICY name=IDENT LBRACE item* RBRACE ;

item
    : ATTACH hook (ON STRING)?                                                   # attachItem
    | CONST name=IDENT ASSIGN value                                              # constItem
    | SET name=IDENT COLON typeRef capacity? (ASSIGN initializer)?               # setItem
    | MAP name=IDENT COLON key=typeRef ARROW val=typeRef capacity? (DEFAULT value)? (ASSIGN initializer)? # mapItem
    | POOL name=IDENT COLON typeRef capacity? (ASSIGN initializer)?              # poolItem
    | RULE name=IDENT (WHEN expr)? DO actions                                    # ruleItem
    | DEFAULT actions                                                            # defaultItem
    | TEST STRING LBRACE given* testCase* RBRACE                                 # testItem
    | PROPERTY STRING LBRACE FORALL packetClass (WHERE where=expr)? FATARROW check=expr RBRACE # propertyItem
    ;

hook
    : XDP                 # xdpHook
    | TC dir=(INGRESS | EGRESS) # tcHook
    ;

typeRef     : typeWord (COLON typeWord)? ;
typeWord    : IDENT | IPV4 | IPV6 | MARK ;
capacity    : CAPACITY number ;

initializer : LBRACE (entry (COMMA entry)* COMMA?)? RBRACE ;
entry       : key=value (COLON val=value)? ;

value
    : number DOTDOT number          # rangeValue
    | LBRACK IPV6_LIT RBRACK        # bracketedV6Value
    | initializer                   # setValue
    | literal                       # literalValue
    | IDENT                         # nameValue
    ;

literal
    : number            # numberLiteral
    | IPV4_LIT          # ipv4Literal
    | IPV4_PREFIX_LIT   # ipv4PrefixLiteral
    | IPV6_LIT          # ipv6Literal
    | IPV6_PREFIX_LIT   # ipv6PrefixLiteral
    | MAC_LIT           # macLiteral
    | STRING            # stringLiteral
    ;

number : DEC_LIT | HEX_LIT ;

actions : action (COMMA action)* ;

action
    : PASS                                                   # passAction
    | DROP                                                   # dropAction
    | REDIRECT STRING                                        # redirectAction
    | ROUTE (TABLE number)? (VIA addr=value)?                # routeAction
    | kind=(DNAT | SNAT) TO target                           # natAction
    | SET field=(MARK | DSCP | TTL) ASSIGN expr              # setFieldAction
    | MIRROR STRING                                          # mirrorAction
    | LIMIT rate (BURST number)? (PER per=(SRC | DST | FLOW))? # limitAction
    | LOG STRING?                                            # logAction
    | CONTINUE                                               # continueAction
    ;

target
    : LBRACK IPV6_LIT RBRACK (COLON port=number)?            # v6Target
    | IPV4_LIT (COLON port=number)?                          # v4Target
    | IPV6_LIT                                               # bareV6Target
    | IDENT (COLON port=number)?                             # nameTarget
    ;

rate : number SLASH unit=IDENT ;

// ---- expressions: loosest first are or, and, not, comparisons, in, & ----
expr
    : primary                                        # primaryExpr
    | expr AMP expr                                  # bitAndExpr
    | expr IN expr                                   # inExpr
    | expr op=(EQ | NE | LT | LE | GT | GE) expr     # compareExpr
    | NOT expr                                       # notExpr
    | expr AND expr                                  # andExpr
    | expr OR expr                                   # orExpr
    ;

primary
    : LPAREN expr RPAREN                 # parenPrimary
    | IDENT LBRACK expr RBRACK           # mapReadPrimary
    | value                              # valuePrimary
    | FIELD_PATH                         # fieldPathPrimary
    | fieldWord                          # fieldWordPrimary
    | verdictWord                        # verdictPrimary
    | DEFAULT                            # defaultPrimary
    ;

// keywords that are also names of fields or predicates (LANGUAGE.md §4), or of `rule`/`verdict` in checks; `default` names
// the default rule in checks (`rule == default`)
fieldWord : SRC | DST | MARK | TTL | DSCP | LEN | IIF | PROTO | TCP | UDP | SCTP | ICMP | ICMP6
          | IPV4 | IPV6 | ARP | RULE ;
verdictWord : PASS | DROP | REDIRECT | ROUTE ;

// ---- tests ----
given
    : GIVEN name=IDENT op=(PLUSEQ | MINUSEQ | ASSIGN) initializer   # setGiven
    | GIVEN name=IDENT LBRACK key=value RBRACK ASSIGN val=value      # mapGiven
    ;

testCase : packet FATARROW expect ;

expect : verdictExpect (BY who=ruleRef)? (COMMA expr)* ;
verdictExpect
    : PASS              # passExpect
    | DROP              # dropExpect
    | REDIRECT STRING   # redirectExpect
    | ROUTE             # routeExpect
    ;
ruleRef : IDENT | DEFAULT ;

packetClass : TCP | UDP | ICMP | IPV4 | IPV6 | ANY ;

// ---- packet notation (LANGUAGE.md §7) ----
packet : ethPart? l3 pktOption* ;

ethPart : ETH src=MAC_LIT ARROW dst=MAC_LIT ;

l3
    : proto=(TCP | UDP | SCTP) src=endpoint ARROW dst=endpoint (FLAGS tcpFlag (COMMA tcpFlag)*)? # portL3
    | proto=(ICMP | ICMP6) src=address ARROW dst=address (TYPE type=number CODE code=number)?    # icmpL3
    | IP PROTO number src=address ARROW dst=address                                              # ipL3
    | ARP                                                                                        # arpL3
    | ETH TYPE number                                                                            # ethTypeL3
    ;

endpoint : address COLON number ;
address  : IPV4_LIT | LBRACK IPV6_LIT RBRACK | IPV6_LIT ;
tcpFlag  : IDENT ;

pktOption
    : IIF STRING                    # iifOption
    | VLAN number                   # vlanOption
    | TTL number                    # ttlOption
    | DSCP number                   # dscpOption
    | LEN number                    # lenOption
    | MARK number                   # markOption
    | FRAG which=(FIRST | LATER)    # fragOption
    | PAYLOAD number                # payloadOption
    ;
