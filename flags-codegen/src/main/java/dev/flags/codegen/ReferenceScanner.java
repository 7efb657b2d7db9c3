package dev.flags.codegen;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import org.jspecify.annotations.Nullable;

/**
 * Finds the flags one attributed class references: constant keys passed to the evaluation methods
 * of {@code FlagManager}, {@code FlagMemo} and their subtypes, keys of {@code @FeatureToggle} and
 * {@code @Variant}, and constants of the generated typed-keys classes.
 */
final class ReferenceScanner extends TreePathScanner<Void, Void> {

    private static final Set<String> EVALUATING_TYPES = Set.of("dev.flags.FlagManager", "dev.flags.FlagMemo");
    private static final Set<String> ANNOTATIONS =
            Set.of("dev.flags.annotation.FeatureToggle", "dev.flags.annotation.Variant");

    private final Trees trees;
    private final Map<String, Map<String, String>> generated;
    private final Map<String, Set<String>> references;

    ReferenceScanner(Trees trees, Map<String, Map<String, String>> generated, Map<String, Set<String>> references) {
        this.trees = trees;
        this.generated = generated;
        this.references = references;
    }

    @Override
    public @Nullable Void visitMethodInvocation(MethodInvocationTree node, @Nullable Void unused) {
        Element method = trees.getElement(new TreePath(getCurrentPath(), node.getMethodSelect()));
        if (method instanceof ExecutableElement executable
                && !node.getArguments().isEmpty()
                && !executable.getParameters().isEmpty()
                && "java.lang.String"
                        .equals(executable.getParameters().get(0).asType().toString())
                && evaluates(executable.getEnclosingElement())) {
            ExpressionTree first = node.getArguments().get(0);
            String key = constant(new TreePath(getCurrentPath(), first));
            if (key != null) {
                add(key, first);
            }
        }
        return super.visitMethodInvocation(node, unused);
    }

    @Override
    public @Nullable Void visitAnnotation(AnnotationTree node, @Nullable Void unused) {
        TypeMirror type = trees.getTypeMirror(new TreePath(getCurrentPath(), node.getAnnotationType()));
        if (type instanceof DeclaredType declared
                && ANNOTATIONS.contains(
                        ((TypeElement) declared.asElement()).getQualifiedName().toString())) {
            for (ExpressionTree argument : node.getArguments()) {
                ExpressionTree value = argument;
                if (argument instanceof AssignmentTree assignment) {
                    if (!(assignment.getVariable() instanceof IdentifierTree name
                            && name.getName().contentEquals("value"))) {
                        continue;
                    }
                    value = assignment.getExpression();
                }
                String key = constant(new TreePath(getCurrentPath(), value));
                if (key != null) {
                    add(key, value);
                }
            }
        }
        return super.visitAnnotation(node, unused);
    }

    @Override
    public @Nullable Void visitMemberSelect(MemberSelectTree node, @Nullable Void unused) {
        typedKey(node);
        return super.visitMemberSelect(node, unused);
    }

    @Override
    public @Nullable Void visitIdentifier(IdentifierTree node, @Nullable Void unused) {
        typedKey(node); // a statically imported typed key
        return super.visitIdentifier(node, unused);
    }

    private void typedKey(Tree node) {
        Element element = trees.getElement(getCurrentPath());
        if (element instanceof VariableElement field && field.getEnclosingElement() instanceof TypeElement owner) {
            Map<String, String> keys = generated.get(owner.getQualifiedName().toString());
            String key = keys == null ? null : keys.get(field.getSimpleName().toString());
            if (key != null) {
                add(key, node);
            }
        }
    }

    /** Whether the type is, or is a subtype of, one whose methods evaluate flags. */
    private boolean evaluates(@Nullable Element type) {
        if (!(type instanceof TypeElement element)) {
            return false;
        }
        if (EVALUATING_TYPES.contains(element.getQualifiedName().toString())) {
            return true;
        }
        List<TypeMirror> supertypes = new java.util.ArrayList<>(element.getInterfaces());
        supertypes.add(element.getSuperclass());
        for (TypeMirror supertype : supertypes) {
            if (supertype instanceof DeclaredType declared && evaluates(declared.asElement())) {
                return true;
            }
        }
        return false;
    }

    /** The string a compile-time constant expression stands for, or {@code null}. */
    private @Nullable String constant(TreePath path) {
        Tree tree = path.getLeaf();
        if (tree instanceof LiteralTree literal) {
            return literal.getValue() instanceof String text ? text : null;
        }
        if (tree instanceof IdentifierTree || tree instanceof MemberSelectTree) {
            Element element = trees.getElement(path);
            if (element instanceof VariableElement variable && variable.getConstantValue() instanceof String text) {
                return text;
            }
        }
        return null;
    }

    private void add(String key, Tree where) {
        CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
        long position = trees.getSourcePositions().getStartPosition(unit, where);
        String packageName = unit.getPackageName() == null
                ? ""
                : unit.getPackageName().toString().replace('.', '/') + "/";
        String name = unit.getSourceFile().getName();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String place = packageName
                + name.substring(slash + 1)
                + (position < 0 ? "" : ":" + unit.getLineMap().getLineNumber(position));
        references.computeIfAbsent(key, k -> new TreeSet<>()).add(place);
    }
}
