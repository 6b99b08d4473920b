// Edits one property of a Hadoop *-site.xml as text, so that the corrected copy keeps the
// user's comments, order and layout, and differs from the original only where it must.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace hmig::conf {

// `xml` with the value of the last definition of `name` (either spelling of a deprecated
// name) replaced by `value` (XML-escaped), or, when the file does not define it, a new
// <property> inserted before </configuration>. InvalidArgument (naming `label` and the
// line) for malformed XML or a definition in attribute form (<property name=.. value=..>).
Result<std::string> SetSiteProperty(std::string_view xml, const std::string& name,
                                    const std::string& value, const std::string& label);

// A minimal site file holding nothing: the base for properties added to a file that did
// not exist.
std::string EmptySiteXml();

}  // namespace hmig::conf
