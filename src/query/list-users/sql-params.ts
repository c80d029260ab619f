// Collects the values of one parameterised statement: every user-supplied value becomes a `$n`, never text
// in the SQL.
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds `value` and answers its placeholder, with a cast when the type is not evident from the column. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
