import { SchemaAST } from "effect"

/** Every `_tag` literal an error schema can produce (unions, classes, transformations). */
export const tagsOf = (ast: SchemaAST.AST, into: Set<string>): Set<string> => {
  switch (ast._tag) {
    case "Union":
      for (const member of ast.types) tagsOf(member, into)
      break
    case "Transformation":
      tagsOf(ast.from, into)
      tagsOf(ast.to, into)
      break
    case "Refinement":
      tagsOf(ast.from, into)
      break
    case "Suspend":
      tagsOf(ast.f(), into)
      break
    case "Declaration":
      for (const parameter of ast.typeParameters) tagsOf(parameter, into)
      break
    case "TypeLiteral":
      for (const property of ast.propertySignatures) {
        if (property.name === "_tag" && SchemaAST.isLiteral(property.type)) into.add(String(property.type.literal))
      }
      break
    default:
      break
  }
  return into
}
