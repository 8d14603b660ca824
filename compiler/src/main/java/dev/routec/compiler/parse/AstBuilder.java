package dev.routec.compiler.parse;

import dev.routec.compiler.ast.Action;
import dev.routec.compiler.ast.Decl;
import dev.routec.compiler.ast.Expr;
import dev.routec.compiler.ast.Ident;
import dev.routec.compiler.ast.PacketNode;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.ast.PolicyFile;
import dev.routec.compiler.ast.Property;
import dev.routec.compiler.ast.TestBlock;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.source.Span;
import dev.routec.grammar.RouteParser;
import dev.routec.grammar.RouteParser.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** The one visitor from parse tree to AST: policies, declarations, rules and tests. */
final class AstBuilder {
    private final SourceFile src;
    private final ExprBuilder exprs;
    private final PacketBuilderAst packets;

    AstBuilder(SourceFile src, Diagnostics diags) {
        this.src = src;
        this.exprs = new ExprBuilder(src);
        this.packets = new PacketBuilderAst(src, exprs);
    }

    PolicyFile file(FileContext ctx) {
        return new PolicyFile(
                span(ctx), src, ctx.policy().stream().map(this::policy).toList());
    }

    PacketNode packet(PacketContext ctx) {
        return packets.packet(ctx);
    }

    Expr expr(ExprContext ctx) {
        return exprs.expr(ctx);
    }

    private Policy policy(PolicyContext ctx) {
        List<Policy.Attach> attaches = new ArrayList<>();
        List<Decl> decls = new ArrayList<>();
        List<Policy.Rule> rules = new ArrayList<>();
        List<Policy.DefaultRule> defaults = new ArrayList<>();
        List<TestBlock> tests = new ArrayList<>();
        List<Property> props = new ArrayList<>();
        for (ItemContext item : ctx.item()) {
            switch (item) {
                case AttachItemContext a -> attaches.add(attach(a));
                case ConstItemContext c -> decls.add(new Decl.Const(span(c), ident(c.name), exprs.value(c.value())));
                case SetItemContext s -> decls.add(setDecl(s));
                case MapItemContext m -> decls.add(mapDecl(m));
                case PoolItemContext p -> decls.add(poolDecl(p));
                case RuleItemContext r -> rules.add(rule(r));
                case DefaultItemContext d -> defaults.add(new Policy.DefaultRule(span(d), actions(d.actions())));
                case TestItemContext t -> tests.add(test(t));
                case PropertyItemContext p -> props.add(property(p));
                default -> throw new IllegalStateException("unhandled item " + item.getClass());
            }
        }
        return new Policy(span(ctx), ident(ctx.name), attaches, decls, rules, defaults, tests, props);
    }

    private Policy.Attach attach(AttachItemContext a) {
        Policy.Hook hook =
                switch (a.hook()) {
                    case XdpHookContext x -> Policy.Hook.XDP;
                    case TcHookContext t ->
                        t.dir.getType() == RouteParser.INGRESS ? Policy.Hook.TC_INGRESS : Policy.Hook.TC_EGRESS;
                    default -> throw new IllegalStateException("hook");
                };
        return new Policy.Attach(span(a), hook, Optional.ofNullable(a.STRING()).map(t -> exprs.str(t.getSymbol())));
    }

    private Decl setDecl(SetItemContext s) {
        return new Decl.SetDecl(
                span(s), ident(s.name), typeRef(s.typeRef()), capacity(s.capacity()), init(s.initializer()));
    }

    private Decl mapDecl(MapItemContext m) {
        return new Decl.MapDecl(
                span(m),
                ident(m.name),
                typeRef(m.key),
                typeRef(m.val),
                capacity(m.capacity()),
                Optional.ofNullable(m.value()).map(exprs::value),
                init(m.initializer()));
    }

    private Decl poolDecl(PoolItemContext p) {
        return new Decl.PoolDecl(
                span(p), ident(p.name), typeRef(p.typeRef()), capacity(p.capacity()), init(p.initializer()));
    }

    private Decl.TypeRef typeRef(TypeRefContext t) {
        return new Decl.TypeRef(
                span(t),
                t.typeWord(0).getText(),
                t.typeWord().size() > 1 ? Optional.of(t.typeWord(1).getText()) : Optional.empty());
    }

    private Optional<Value.Int> capacity(CapacityContext c) {
        return Optional.ofNullable(c).map(x -> exprs.number(x.number()));
    }

    private Optional<Value.SetLit> init(InitializerContext i) {
        return Optional.ofNullable(i).map(exprs::initializer);
    }

    private Policy.Rule rule(RuleItemContext r) {
        return new Policy.Rule(
                span(r), ident(r.name), Optional.ofNullable(r.expr()).map(exprs::expr), actions(r.actions()));
    }

    private List<Action> actions(ActionsContext ctx) {
        return ctx.action().stream().map(this::action).toList();
    }

    private Action action(ActionContext ctx) {
        Span sp = span(ctx);
        return switch (ctx) {
            case PassActionContext a -> new Action.Pass(sp);
            case DropActionContext a -> new Action.Drop(sp);
            case RedirectActionContext a ->
                new Action.Redirect(sp, exprs.str(a.STRING().getSymbol()));
            case RouteActionContext a ->
                new Action.Route(
                        sp,
                        Optional.ofNullable(a.number()).map(exprs::number),
                        Optional.ofNullable(a.addr).map(exprs::value));
            case NatActionContext a -> new Action.Nat(sp, a.kind.getType() == RouteParser.DNAT, target(a.target()));
            case SetFieldActionContext a -> new Action.SetField(sp, setTarget(a.field), exprs.expr(a.expr()));
            case MirrorActionContext a ->
                new Action.Mirror(sp, exprs.str(a.STRING().getSymbol()));
            case LimitActionContext a -> limit(sp, a);
            case LogActionContext a ->
                new Action.Log(sp, Optional.ofNullable(a.STRING()).map(t -> exprs.str(t.getSymbol())));
            case ContinueActionContext a -> new Action.Continue(sp);
            default -> throw new IllegalStateException("unhandled action " + ctx.getClass());
        };
    }

    private static Action.SetTarget setTarget(Token t) {
        return switch (t.getType()) {
            case RouteParser.MARK -> Action.SetTarget.MARK;
            case RouteParser.DSCP -> Action.SetTarget.DSCP;
            default -> Action.SetTarget.TTL;
        };
    }

    private Action limit(Span sp, LimitActionContext a) {
        Optional<Action.Per> per = Optional.ofNullable(a.per).map(t -> switch (t.getType()) {
            case RouteParser.SRC -> Action.Per.SRC;
            case RouteParser.DST -> Action.Per.DST;
            default -> Action.Per.FLOW;
        });
        return new Action.Limit(
                sp,
                exprs.number(a.rate().number()),
                ident(a.rate().unit),
                Optional.ofNullable(a.number()).map(exprs::number),
                per);
    }

    private Action.NatTarget target(TargetContext t) {
        Span sp = span(t);
        return switch (t) {
            case V6TargetContext v ->
                new Action.AddrTarget(
                        sp,
                        exprs.v6(v.IPV6_LIT().getSymbol()),
                        Optional.ofNullable(v.port).map(exprs::number));
            case V4TargetContext v ->
                new Action.AddrTarget(
                        sp,
                        new Value.Ipv4(
                                exprs.span(v.IPV4_LIT().getSymbol()),
                                v.IPV4_LIT().getText()),
                        Optional.ofNullable(v.port).map(exprs::number));
            case BareV6TargetContext v ->
                new Action.AddrTarget(sp, exprs.v6(v.IPV6_LIT().getSymbol()), Optional.empty());
            case NameTargetContext v ->
                new Action.NameTarget(
                        sp,
                        ident(v.IDENT().getSymbol()),
                        Optional.ofNullable(v.port).map(exprs::number));
            default -> throw new IllegalStateException("target");
        };
    }

    private TestBlock test(TestItemContext t) {
        List<TestBlock.Given> givens = t.given().stream().map(this::given).toList();
        List<TestBlock.Case> cases = t.testCase().stream()
                .map(c -> new TestBlock.Case(span(c), packets.packet(c.packet()), expect(c.expect())))
                .toList();
        return new TestBlock(span(t), exprs.str(t.STRING().getSymbol()), givens, cases);
    }

    private TestBlock.Given given(GivenContext g) {
        return switch (g) {
            case SetGivenContext s -> {
                TestBlock.GivenOp op =
                        switch (s.op.getType()) {
                            case RouteParser.PLUSEQ -> TestBlock.GivenOp.ADD;
                            case RouteParser.MINUSEQ -> TestBlock.GivenOp.REMOVE;
                            default -> TestBlock.GivenOp.REPLACE;
                        };
                yield new TestBlock.SetGiven(span(s), ident(s.name), op, exprs.initializer(s.initializer()));
            }
            case MapGivenContext m ->
                new TestBlock.MapGiven(span(m), ident(m.name), exprs.value(m.key), exprs.value(m.val));
            default -> throw new IllegalStateException("given");
        };
    }

    private TestBlock.Expect expect(ExpectContext e) {
        Expr.Verdict v;
        Optional<Value.Str> iface = Optional.empty();
        switch (e.verdictExpect()) {
            case PassExpectContext p -> v = Expr.Verdict.PASS;
            case DropExpectContext d -> v = Expr.Verdict.DROP;
            case RouteExpectContext r -> v = Expr.Verdict.ROUTE;
            case RedirectExpectContext r -> {
                v = Expr.Verdict.REDIRECT;
                iface = Optional.of(exprs.str(r.STRING().getSymbol()));
            }
            default -> throw new IllegalStateException("expect");
        }
        Optional<Ident> by = Optional.ofNullable(e.who).map(w -> new Ident(span(w), w.getText()));
        return new TestBlock.Expect(
                span(e), v, iface, by, e.expr().stream().map(exprs::expr).toList());
    }

    private Property property(PropertyItemContext p) {
        Property.PacketClass cls =
                Property.PacketClass.valueOf(p.packetClass().getText().toUpperCase(java.util.Locale.ROOT));
        return new Property(
                span(p),
                exprs.str(p.STRING().getSymbol()),
                cls,
                Optional.ofNullable(p.where).map(exprs::expr),
                exprs.expr(p.check));
    }

    private Ident ident(Token t) {
        return new Ident(exprs.span(t), t.getText());
    }

    private Span span(ParserRuleContext ctx) {
        return exprs.span(ctx);
    }
}
