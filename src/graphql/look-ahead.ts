import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether `test` holds for a field of `selectionSet` (not of the fields' own subselections),
 * looking through inline fragments and fragment spreads, each named fragment once per `visited`.
 * Stops at the first field that passes. Directives are not evaluated: a field under `@skip` counts.
 */
export function someField(
  selectionSet: SelectionSetNode | undefined,
  fragmentNamed: (name: string) => FragmentDefinitionNode | undefined,
  test: (field: FieldNode) => boolean,
  visited: Set<string> = new Set(),
): boolean {
  return (
    selectionSet?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return test(selection);
      if (selection.kind === Kind.INLINE_FRAGMENT) return someField(selection.selectionSet, fragmentNamed, test, visited);
      const name = selection.name.value;
      if (visited.has(name)) return false;
      visited.add(name);
      return someField(fragmentNamed(name)?.selectionSet, fragmentNamed, test, visited);
    }) ?? false
  );
}

/**
 * Whether the field being resolved selects one of `names` among its own subfields, directly or
 * through fragments. A field under `@skip` still counts, which costs at most a read that was not
 * needed.
 */
export function selectsAny(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  const visited = new Set<string>();
  const fragmentNamed = (name: string) => info.fragments[name];
  return info.fieldNodes.some((node) => someField(node.selectionSet, fragmentNamed, (field) => names.has(field.name.value), visited));
}
