package dev.payql.adapter.http.forbidden;

import graphql.parser.Parser;

/** Deliberately parses GraphQL in the HTTP adapter, to show the HTTP-only rule catches it. Test sources only. */
public class RouteParsingGraphQL {

  public int definitions(String query) {
    return Parser.parse(query).getDefinitions().size();
  }
}
