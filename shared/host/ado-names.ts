// Azure DevOps names inputs and output variables in camelCase; the suite's canonical names are
// GitHub-style kebab-case. One mapping, used by the adapter and the task.json generator.

export function adoName(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
