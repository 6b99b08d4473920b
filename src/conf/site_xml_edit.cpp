#include "conf/site_xml_edit.h"

#include <fmt/format.h>
#include <pugixml.hpp>

#include "util/hadoop_config.h"

namespace hmig::conf {
namespace {

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

int LineOf(std::string_view text, ptrdiff_t offset) {
  int line = 1;
  for (ptrdiff_t i = 0; i < offset && i < static_cast<ptrdiff_t>(text.size()); ++i) {
    line += text[i] == '\n';
  }
  return line;
}

std::string Trimmed(const char* s) {
  std::string v(s);
  v.erase(0, v.find_first_not_of(" \t\r\n"));
  v.erase(v.find_last_not_of(" \t\r\n") + 1);
  return v;
}

}  // namespace

std::string EmptySiteXml() {
  return "<?xml version=\"1.0\"?>\n<?xml-stylesheet type=\"text/xsl\" "
         "href=\"configuration.xsl\"?>\n<configuration>\n</configuration>\n";
}

Result<std::string> SetSiteProperty(std::string_view xml, const std::string& name,
                                    const std::string& value, const std::string& label) {
  pugi::xml_document doc;
  auto r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!r) {
    return Status::Invalid(
        fmt::format("line {}: malformed XML: {}", LineOf(xml, r.offset), r.description()), label);
  }
  const std::string wanted = HadoopConfig::CanonicalName(name);
  pugi::xml_node target;
  for (pugi::xml_node p : doc.document_element().children("property")) {
    std::string n = p.attribute("name") ? Trimmed(p.attribute("name").value())
                                        : Trimmed(p.child("name").text().get());
    if (HadoopConfig::CanonicalName(n) == wanted) target = p;
  }
  std::string out(xml);
  if (!target) {
    size_t close = out.rfind("</configuration>");
    if (close == std::string::npos) {
      return Status::Invalid("no </configuration> to add " + name + " to", label);
    }
    out.insert(close, fmt::format("  <property>\n    <name>{}</name>\n    <value>{}</value>\n"
                                  "  </property>\n",
                                  Escape(name), Escape(value)));
    return out;
  }
  pugi::xml_node v = target.child("value");
  if (!v) {
    return Status::Invalid(fmt::format("line {}: {} is written in attribute form; edit it by hand",
                                       LineOf(xml, target.offset_debug()), name),
                           label);
  }
  // offset_debug() points at the element name, just after '<'.
  size_t start = static_cast<size_t>(v.offset_debug());
  size_t gt = out.find('>', start);
  if (gt == std::string::npos) return Status::Internal("cannot locate <value>", label);
  std::string replacement = "value>" + Escape(value) + "</value>";
  if (out[gt - 1] == '/') {  // <value/>
    out.replace(start, gt + 1 - start, replacement);
    return out;
  }
  size_t end = out.find("</", gt);
  if (end == std::string::npos) return Status::Internal("cannot locate </value>", label);
  out.replace(gt + 1, end - gt - 1, Escape(value));
  return out;
}

}  // namespace hmig::conf
