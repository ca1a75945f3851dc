"""Demo archive of Kulturschatz Merseburg: real heritage, documented facts.

Every statement about the heritage itself is meant to be factual. Where a
detail could not be confirmed it is left out or dated generically. Inventory
numbers that are not real shelfmarks are marked ``# demonstration numbering``;
authority URIs looked up during compilation are marked ``# verified: <source>``.
The images are rendered demonstration pictures, not photographs.
"""

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
CC_BY_4 = "http://creativecommons.org/licenses/by/4.0/"
PDM = "http://creativecommons.org/publicdomain/mark/1.0/"
RS_INC = "http://rightsstatements.org/vocab/InC/1.0/"

LIDO = "http://terminology.lido-schema.org/"

# ---------------------------------------------------------------------------
# Places (parent before child)
# ---------------------------------------------------------------------------

PLACES = [
    {"key": "deutschland", "name": "Deutschland", "name_en": "Germany", "parent": None,
     "latitude": 51.0, "longitude": 10.5,
     "uris": ["https://sws.geonames.org/2921044/", "http://www.wikidata.org/entity/Q183"]},
    {"key": "sachsen_anhalt", "name": "Sachsen-Anhalt", "name_en": "Saxony-Anhalt", "parent": "deutschland",
     "latitude": 52.0, "longitude": 11.7,
     "uris": ["http://www.wikidata.org/entity/Q1206"]},
    {"key": "sachsen", "name": "Sachsen", "name_en": "Saxony", "parent": "deutschland",
     "latitude": 51.05, "longitude": 13.35,
     "uris": ["http://www.wikidata.org/entity/Q1202"]},
    {"key": "thueringen", "name": "Thüringen", "name_en": "Thuringia", "parent": "deutschland",
     "latitude": 50.9, "longitude": 11.0,
     "uris": ["http://www.wikidata.org/entity/Q1205"]},
    {"key": "saalekreis", "name": "Saalekreis", "name_en": "Saalekreis", "parent": "sachsen_anhalt",
     "latitude": 51.4, "longitude": 11.9, "uris": []},
    {"key": "merseburg", "name": "Merseburg", "name_en": "Merseburg", "parent": "saalekreis",
     "latitude": 51.3547, "longitude": 11.9928, "uris": []},
    {"key": "leuna", "name": "Leuna", "name_en": "Leuna", "parent": "saalekreis",
     "latitude": 51.3167, "longitude": 12.0167, "uris": []},
    {"key": "roessen", "name": "Rössen", "name_en": "Rössen", "parent": "leuna",
     "latitude": 51.305, "longitude": 12.01, "uris": []},
    {"key": "schkopau", "name": "Schkopau", "name_en": "Schkopau", "parent": "saalekreis",
     "latitude": 51.3833, "longitude": 11.95, "uris": []},
    {"key": "bad_lauchstaedt", "name": "Bad Lauchstädt", "name_en": "Bad Lauchstädt", "parent": "saalekreis",
     "latitude": 51.3833, "longitude": 11.8667, "uris": []},
    {"key": "bad_duerrenberg", "name": "Bad Dürrenberg", "name_en": "Bad Dürrenberg", "parent": "saalekreis",
     "latitude": 51.2953, "longitude": 12.0656, "uris": []},
    {"key": "querfurt", "name": "Querfurt", "name_en": "Querfurt", "parent": "saalekreis",
     "latitude": 51.3811, "longitude": 11.6006, "uris": []},
    {"key": "landsberg", "name": "Landsberg (Saalekreis)", "name_en": "Landsberg (Saalekreis)", "parent": "saalekreis",
     "latitude": 51.5275, "longitude": 12.1611, "uris": []},
    {"key": "petersberg", "name": "Petersberg (Saalekreis)", "name_en": "Petersberg (Saalekreis)", "parent": "saalekreis",
     "latitude": 51.5956, "longitude": 11.9567, "uris": []},
    {"key": "halle", "name": "Halle (Saale)", "name_en": "Halle (Saale)", "parent": "sachsen_anhalt",
     "latitude": 51.4828, "longitude": 11.9697, "uris": []},
    {"key": "weissenfels", "name": "Weißenfels", "name_en": "Weissenfels", "parent": "sachsen_anhalt",
     "latitude": 51.2, "longitude": 11.9667, "uris": []},
    {"key": "dresden", "name": "Dresden", "name_en": "Dresden", "parent": "sachsen",
     "latitude": 51.0504, "longitude": 13.7373,
     "uris": ["https://sws.geonames.org/2935022/", "http://www.wikidata.org/entity/Q1731"]},
    {"key": "weimar", "name": "Weimar", "name_en": "Weimar", "parent": "thueringen",
     "latitude": 50.9795, "longitude": 11.3235,
     "uris": ["http://www.wikidata.org/entity/Q3955"]},
]

# ---------------------------------------------------------------------------
# Agents
# ---------------------------------------------------------------------------

AGENTS = [
    {"key": "thietmar", "name": "Thietmar von Merseburg", "kind": "person",
     "dates": "975–1018", "birth_year": 975, "death_year": 1018,
     "description": "Bischof von Merseburg (1009–1018) und Geschichtsschreiber. Seine 1012–1018 "
                    "verfasste Chronik ist eine Hauptquelle zur Geschichte des ottonischen Reiches; "
                    "1015 begann er den Neubau des Merseburger Doms.",
     "description_en": "Bishop of Merseburg (1009–1018) and historian. His Chronicon, written 1012–1018, "
                       "is a principal source for the history of the Ottonian realm; in 1015 he began "
                       "the new cathedral of Merseburg.",
     "uris": ["https://d-nb.info/gnd/118757083"]},  # verified: deutsche-biographie.de/sfz56386.html
    {"key": "heinrich2", "name": "Heinrich II., römisch-deutscher Kaiser", "kind": "person",
     "dates": "973–1024", "birth_year": 973, "death_year": 1024,
     "description": "Ostfränkisch-deutscher König ab 1002, Kaiser ab 1014. In seiner Gegenwart wurde "
                    "1021 der Merseburger Dom geweiht.",
     "description_en": "East Frankish-German king from 1002, emperor from 1014. Merseburg Cathedral "
                       "was consecrated in his presence in 1021.",
     "uris": []},
    {"key": "rudolf", "name": "Rudolf von Rheinfelden", "kind": "person",
     "dates": "um 1025–1080", "birth_year": 1025, "death_year": 1080,
     "description": "Herzog von Schwaben, 1077–1080 Gegenkönig zu Heinrich IV. In der Schlacht an der "
                    "Elster am 15. Oktober 1080 verlor er die rechte Hand und wurde tödlich verwundet; "
                    "er wurde im Merseburger Dom bestattet.",
     "description_en": "Duke of Swabia, anti-king to Henry IV from 1077 to 1080. At the battle on the "
                       "Elster on 15 October 1080 he lost his right hand and was mortally wounded; he "
                       "was buried in Merseburg Cathedral.",
     "uris": ["https://d-nb.info/gnd/118791478"]},  # verified: de.wikisource.org ADB:Rudolf von Rheinfelden
    {"key": "ladegast", "name": "Friedrich Ladegast", "kind": "person",
     "dates": "1818–1905", "birth_year": 1818, "death_year": 1905,
     "description": "Orgelbauer in Weißenfels, einer der bedeutendsten deutschen Orgelbauer der "
                    "Romantik. Seine Orgel im Merseburger Dom (1853–1855) war bei ihrer Vollendung "
                    "die größte Orgel Deutschlands.",
     "description_en": "Organ builder at Weissenfels, one of the foremost German organ builders of the "
                       "Romantic era. His organ in Merseburg Cathedral (1853–1855) was the largest "
                       "organ in Germany when completed.",
     "uris": ["https://d-nb.info/gnd/120443244"]},  # verified: deutsche-biographie.de/sfz47322.html
    {"key": "liszt", "name": "Franz Liszt", "kind": "person",
     "dates": "1811–1886", "birth_year": 1811, "death_year": 1886,
     "description": "Komponist und Pianist. Sein Präludium und Fuge über B-A-C-H wird mit der "
                    "Einweihung der Ladegast-Orgel im Merseburger Dom in Verbindung gebracht.",
     "description_en": "Composer and pianist. His Prelude and Fugue on B-A-C-H is associated with the "
                       "inauguration of the Ladegast organ in Merseburg Cathedral.",
     "uris": ["http://www.wikidata.org/entity/Q41309"]},
    {"key": "thilo", "name": "Thilo von Trotha", "kind": "person",
     "dates": "† 1514", "birth_year": None, "death_year": 1514,
     "description": "Bischof von Merseburg 1466–1514. Unter ihm entstand ab etwa 1480 das spätgotische "
                    "Bischofsschloss. Sein Wappen zeigt einen Raben mit einem Ring im Schnabel, an den "
                    "sich die Merseburger Rabensage knüpft.",
     "description_en": "Bishop of Merseburg 1466–1514. The late Gothic bishop's palace was begun under "
                       "him from about 1480. His coat of arms shows a raven with a ring in its beak, "
                       "the origin of the Merseburg raven legend.",
     "uris": []},
    {"key": "brenner", "name": "Melchior Brenner", "kind": "person",
     "dates": "", "birth_year": None, "death_year": None,
     "description": "Dresdner Baumeister; leitete den Umbau des Merseburger Schlosses im Stil der Renaissance "
                    "1605–1608.",
     "description_en": "Master builder from Dresden; directed the Renaissance rebuilding of Merseburg Palace "
                       "1605–1608.",
     "uris": []},
    {"key": "waitz", "name": "Georg Waitz", "kind": "person",
     "dates": "1813–1886", "birth_year": 1813, "death_year": 1886,
     "description": "Historiker und Mitarbeiter der Monumenta Germaniae Historica. Er entdeckte 1841 "
                    "die Merseburger Zaubersprüche in der Merseburger Dombibliothek.",
     "description_en": "Historian and collaborator of the Monumenta Germaniae Historica. In 1841 he "
                       "discovered the Merseburg Charms in the Merseburg cathedral library.",
     "uris": []},
    {"key": "grimm", "name": "Jacob Grimm", "kind": "person",
     "dates": "1785–1863", "birth_year": 1785, "death_year": 1863,
     "description": "Sprachwissenschaftler und Begründer der Germanistik. Er veröffentlichte 1842 "
                    "die Merseburger Zaubersprüche erstmals.",
     "description_en": "Philologist and founder of German studies. He first published the Merseburg "
                       "Charms in 1842.",
     "uris": []},
    {"key": "goethe", "name": "Johann Wolfgang von Goethe", "kind": "person",
     "dates": "1749–1832", "birth_year": 1749, "death_year": 1832,
     "description": "Dichter und als Leiter des Weimarer Hoftheaters Bauherr des 1802 eröffneten "
                    "Theaters in Bad Lauchstädt, der Sommerspielstätte der Weimarer Hofschauspieler.",
     "description_en": "Poet; as director of the Weimar court theatre he oversaw the building of the "
                       "theatre at Bad Lauchstädt, opened in 1802 as the summer stage of the Weimar "
                       "company.",
     "uris": ["https://d-nb.info/gnd/118540238", "http://www.wikidata.org/entity/Q5879"]},
    {"key": "gentz", "name": "Heinrich Gentz", "kind": "person",
     "dates": "1766–1811", "birth_year": 1766, "death_year": 1811,
     "description": "Architekt des Klassizismus. Nach seinen Plänen wurde 1802 das Theater in Bad "
                    "Lauchstädt errichtet.",
     "description_en": "Neoclassical architect. The theatre at Bad Lauchstädt was built to his plans "
                       "in 1802.",
     "uris": ["https://d-nb.info/gnd/11900738X"]},  # verified: deutsche-biographie.de/gnd11900738X.html
    {"key": "mozart", "name": "Wolfgang Amadeus Mozart", "kind": "person",
     "dates": "1756–1791", "birth_year": 1756, "death_year": 1791,
     "description": "Komponist. Seine Oper „La clemenza di Tito“ wurde bei der Eröffnung des "
                    "Lauchstädter Theaters am 26. Juni 1802 gegeben.",
     "description_en": "Composer. His opera La clemenza di Tito was performed at the opening of the "
                       "Lauchstädt theatre on 26 June 1802.",
     "uris": ["https://d-nb.info/gnd/118584596", "http://www.wikidata.org/entity/Q254"]},
    {"key": "basf", "name": "BASF (Badische Anilin- & Soda-Fabrik)", "kind": "organisation",
     "dates": "gegr. 1865", "birth_year": 1865, "death_year": None,
     "description": "Chemieunternehmen mit Sitz in Ludwigshafen; gründete 1916 das Ammoniakwerk "
                    "Merseburg, die spätere Leuna-Werke.",
     "description_en": "Chemical company based in Ludwigshafen; founded the Merseburg ammonia works, "
                       "later the Leuna-Werke, in 1916.",
     "uris": []},
    {"key": "carl_bosch", "name": "Carl Bosch", "kind": "person",
     "dates": "1874–1940", "birth_year": 1874, "death_year": 1940,
     "description": "Chemiker und Industrieller der BASF; entwickelte die Ammoniaksynthese zum großtechnischen "
                    "Haber-Bosch-Verfahren und leitete 1916/17 den Aufbau des Ammoniakwerks Merseburg in Leuna.",
     "description_en": "BASF chemist and industrialist; developed ammonia synthesis into the industrial Haber-Bosch "
                       "process and directed the building of the Merseburg ammonia works at Leuna in 1916/17.",
     "uris": []},
    {"key": "ig_farben", "name": "I.G. Farbenindustrie AG", "kind": "organisation",
     "dates": "gegr. 1925", "birth_year": 1925, "death_year": None,
     "description": "Chemiekonzern, 1925 durch Zusammenschluss u. a. der BASF entstanden; gründete "
                    "1936 die Buna-Werke in Schkopau zur Herstellung von synthetischem Kautschuk.",
     "description_en": "Chemical conglomerate formed in 1925 by a merger including BASF; founded the "
                       "Buna-Werke at Schkopau in 1936 to produce synthetic rubber.",
     "uris": []},
    {"key": "leuna_werke", "name": "Leuna-Werke", "kind": "organisation",
     "dates": "gegr. 1916", "birth_year": 1916, "death_year": None,
     "description": "Chemiewerk bei Merseburg, 1916 von der BASF als „Ammoniakwerk Merseburg“ "
                    "gegründet; Ammoniaksynthese nach dem Haber-Bosch-Verfahren ab 1917. Ab 1925 Teil der "
                    "I.G. Farben, ab 1954 „VEB Leuna-Werke Walter Ulbricht“.",
     "description_en": "Chemical works near Merseburg, founded by BASF in 1916 as the Merseburg "
                       "ammonia works; ammonia synthesis by the Haber-Bosch process from 1917. In the "
                       "GDR named VEB Leuna-Werke Walter Ulbricht.",
     "uris": []},
    {"key": "buna_werke", "name": "Buna-Werke Schkopau", "kind": "organisation",
     "dates": "gegr. 1936", "birth_year": 1936, "death_year": None,
     "description": "1936 von der I.G. Farben gegründetes Werk zur Herstellung von synthetischem "
                    "Kautschuk (Buna) in Schkopau; in der DDR bekannt durch den Werbespruch "
                    "„Plaste und Elaste aus Schkopau“.",
     "description_en": "Works founded by I.G. Farben in 1936 at Schkopau to produce synthetic rubber "
                       "(Buna); known in the GDR for the slogan “Plaste und Elaste aus Schkopau”.",
     "uris": []},
    {"key": "borlach", "name": "Johann Gottfried Borlach", "kind": "person",
     "dates": "", "birth_year": None, "death_year": None,
     "description": "Kurfürstlich-sächsischer Bergrat und Salinenfachmann; erschloss 1763 die Solequelle in "
                    "Dürrenberg und legte damit den Grund für Saline und Gradierwerk.",
     "description_en": "Electoral Saxon mining official and saltworks expert; opened up the Dürrenberg brine "
                       "spring in 1763, the basis of the saltworks and graduation works.",
     "uris": []},
    {"key": "schwechten", "name": "Franz Schwechten", "kind": "person",
     "dates": "1841–1924", "birth_year": 1841, "death_year": 1924,
     "description": "Architekt in Berlin; lieferte den Entwurf für das Merseburger Ständehaus (1892–1895).",
     "description_en": "Architect in Berlin; supplied the design for the Ständehaus in Merseburg (1892–1895).",
     "uris": []},
    {"key": "bruno_querfurt", "name": "Brun von Querfurt", "kind": "person",
     "dates": "um 974–1009", "birth_year": 974, "death_year": 1009,
     "description": "Missionar und Erzbischof aus dem Geschlecht der Herren von Querfurt; starb 1009 "
                    "auf einer Missionsreise den Märtyrertod.",
     "description_en": "Missionary and archbishop from the family of the lords of Querfurt; died a "
                       "martyr on a mission journey in 1009.",
     "uris": []},
    {"key": "konrad_wettin", "name": "Konrad der Große, Markgraf von Meißen", "kind": "person",
     "dates": "um 1098–1157", "birth_year": 1098, "death_year": 1157,
     "description": "Wettiner, Markgraf von Meißen. Er gründete 1124 mit seinem Bruder Dedo das "
                    "Augustiner-Chorherrenstift auf dem Petersberg, legte 1156 seine Herrschaft nieder, "
                    "trat in das Stift ein und wurde nach seinem Tod am 5. Februar 1157 in der Stiftskirche "
                    "bestattet.",
     "description_en": "Member of the Wettin dynasty, Margrave of Meissen. He promoted the house of "
                       "Augustinian canons on the Petersberg, entered it shortly before his death and "
                       "was buried in its church.",
     "uris": []},
    {"key": "ludwig_schmidt", "name": "Ludwig Schmidt", "kind": "person",
     "dates": "", "birth_year": None, "death_year": None,
     "description": "Historiker und Bibliothekar in Dresden; gab 1905 die Faksimile-Ausgabe der Dresdner "
                    "Handschrift der Chronik Thietmars von Merseburg heraus.",
     "description_en": "Historian and librarian in Dresden; edited the 1905 facsimile of the Dresden manuscript "
                       "of Thietmar of Merseburg's Chronicon.",
     "uris": []},
    {"key": "eule", "name": "Hermann Eule Orgelbau", "kind": "organisation",
     "dates": "", "birth_year": None, "death_year": None,
     "description": "Orgelbauwerkstatt in Bautzen; koordinierte die Restaurierung der Merseburger Ladegast-Orgel.",
     "description_en": "Organ-building workshop in Bautzen; coordinated the restoration of the Merseburg Ladegast organ.",
     "uris": []},
    {"key": "scheffler", "name": "Orgelwerkstatt Christian Scheffler", "kind": "organisation",
     "dates": "", "birth_year": None, "death_year": None,
     "description": "Orgelbauwerkstatt in Sieversdorf (Brandenburg); an der Restaurierung der Merseburger Ladegast-Orgel beteiligt.",
     "description_en": "Organ-building workshop at Sieversdorf (Brandenburg); took part in restoring the Merseburg Ladegast organ.",
     "uris": []},
    {"key": "wegscheider", "name": "Orgelwerkstatt Kristian Wegscheider", "kind": "organisation",
     "dates": "", "birth_year": None, "death_year": None,
     "description": "Orgelbauwerkstatt in Dresden; an der Restaurierung der Merseburger Ladegast-Orgel beteiligt.",
     "description_en": "Organ-building workshop in Dresden; took part in restoring the Merseburg Ladegast organ.",
     "uris": []},
    {"key": "niquet", "name": "Franz Niquet", "kind": "person",
     "dates": "", "birth_year": None, "death_year": None,
     "description": "Prähistoriker; legte 1938 die Publikation des Gräberfeldes von Rössen vor.",
     "description_en": "Prehistorian; published the Rössen cemetery in 1938.",
     "uris": []},
    {"key": "herfurth", "name": "Herfurth (Fotograf)", "kind": "person",
     "dates": "† vor 1938", "birth_year": None, "death_year": None,
     "description": "Fotograf; dokumentierte 1889 die Ausgrabung des Gräberfeldes von Rössen.",
     "description_en": "Photographer; documented the excavation of the Rössen cemetery in 1889.",
     "uris": []},
    {"key": "dietrich_landsberg", "name": "Dietrich von Landsberg, Markgraf der Lausitz", "kind": "person",
     "dates": "† 1185", "birth_year": None, "death_year": 1185,
     "description": "Wettiner, Sohn Konrads des Großen; erhielt 1156 bei der Teilung des väterlichen Besitzes "
                    "das Gebiet um Landsberg und ließ dort eine Burg mit der Doppelkapelle errichten. Er gehörte "
                    "zum engen Umfeld Kaiser Friedrich Barbarossas.",
     "description_en": "Member of the Wettin dynasty, son of Conrad the Great; received the Landsberg area when his "
                       "father's lands were divided in 1156 and built a castle there with the double chapel. He "
                       "belonged to Emperor Frederick Barbarossa's close circle.",
     "uris": []},
    {"key": "kulturschatz", "name": "Kulturschatz Merseburg", "kind": "organisation",
     "dates": "", "birth_year": None, "death_year": None,
     "description": "Offenes digitales Archiv des Kulturerbes von Merseburg und dem Saalekreis.",
     "description_en": "Open digital archive of the cultural heritage of Merseburg and the Saalekreis.",
     "uris": []},
]

# ---------------------------------------------------------------------------
# Concepts
# ---------------------------------------------------------------------------

CONCEPTS = [
    # object types
    {"key": "handschrift", "kind": "object_type", "label": "Handschrift", "label_en": "Manuscript",
     "uris": ["http://vocab.getty.edu/aat/300028569"]},
    {"key": "faksimile", "kind": "object_type", "label": "Faksimile", "label_en": "Facsimile", "uris": []},
    {"key": "druckschrift", "kind": "object_type", "label": "Druckschrift", "label_en": "Printed work", "uris": []},
    {"key": "plakat", "kind": "object_type", "label": "Werbegrafik", "label_en": "Advertising graphic", "uris": []},
    {"key": "grabplatte", "kind": "object_type", "label": "Grabplatte", "label_en": "Tomb slab", "uris": []},
    {"key": "reliquie", "kind": "object_type", "label": "Körperreliquie", "label_en": "Bodily relic", "uris": []},
    {"key": "orgel", "kind": "object_type", "label": "Orgel", "label_en": "Organ", "uris": []},
    {"key": "taufstein", "kind": "object_type", "label": "Taufstein", "label_en": "Baptismal font", "uris": []},
    {"key": "bauwerk", "kind": "object_type", "label": "Bauwerk", "label_en": "Building", "uris": []},
    {"key": "brunnen", "kind": "object_type", "label": "Brunnen", "label_en": "Fountain", "uris": []},
    {"key": "ausstattung", "kind": "object_type", "label": "Ausstattungsstück", "label_en": "Fixture", "uris": []},
    {"key": "technisches_denkmal", "kind": "object_type", "label": "Technisches Denkmal",
     "label_en": "Technical monument", "uris": []},
    {"key": "plan", "kind": "object_type", "label": "Plan", "label_en": "Plan", "uris": []},
    {"key": "karte", "kind": "object_type", "label": "Karte", "label_en": "Map", "uris": []},
    {"key": "gefaess", "kind": "object_type", "label": "Gefäß", "label_en": "Vessel", "uris": []},
    {"key": "fotografie", "kind": "object_type", "label": "Fotografie", "label_en": "Photograph", "uris": []},
    {"key": "muenze", "kind": "object_type", "label": "Münze", "label_en": "Coin", "uris": []},
    # classifications
    {"key": "schriftgut", "kind": "classification", "label": "Schriftgut", "label_en": "Written heritage", "uris": []},
    {"key": "sakralkunst", "kind": "classification", "label": "Sakrale Kunst", "label_en": "Sacred art", "uris": []},
    {"key": "baudenkmal", "kind": "classification", "label": "Baudenkmal", "label_en": "Architectural monument", "uris": []},
    {"key": "industriekultur", "kind": "classification", "label": "Industriekultur", "label_en": "Industrial heritage", "uris": []},
    {"key": "archaeologie", "kind": "classification", "label": "Archäologie", "label_en": "Archaeology", "uris": []},
    {"key": "musikinstrument", "kind": "classification", "label": "Musikinstrumente", "label_en": "Musical instruments", "uris": []},
    {"key": "numismatik", "kind": "classification", "label": "Numismatik", "label_en": "Numismatics", "uris": []},
    {"key": "kartografie", "kind": "classification", "label": "Kartografie", "label_en": "Cartography", "uris": []},
    # materials
    {"key": "pergament", "kind": "material", "label": "Pergament", "label_en": "Parchment",
     "uris": ["http://vocab.getty.edu/aat/300011851"]},
    {"key": "tinte", "kind": "material", "label": "Tinte", "label_en": "Ink",
     "uris": ["http://vocab.getty.edu/aat/300015012"]},
    {"key": "papier", "kind": "material", "label": "Papier", "label_en": "Paper",
     "uris": ["http://vocab.getty.edu/aat/300014109"]},
    {"key": "bronze", "kind": "material", "label": "Bronze", "label_en": "Bronze",
     "uris": ["http://vocab.getty.edu/aat/300010957"]},
    {"key": "silber", "kind": "material", "label": "Silber", "label_en": "Silver",
     "uris": ["http://vocab.getty.edu/aat/300011029"]},
    {"key": "holz", "kind": "material", "label": "Holz", "label_en": "Wood",
     "uris": ["http://vocab.getty.edu/aat/300011914"]},
    {"key": "metall", "kind": "material", "label": "Metall", "label_en": "Metal", "uris": []},
    {"key": "stein", "kind": "material", "label": "Naturstein", "label_en": "Natural stone", "uris": []},
    {"key": "sandstein", "kind": "material", "label": "Sandstein", "label_en": "Sandstone", "uris": []},
    {"key": "ziegel", "kind": "material", "label": "Ziegel", "label_en": "Brick", "uris": []},
    {"key": "keramik", "kind": "material", "label": "Keramik", "label_en": "Ceramic", "uris": []},
    # techniques
    {"key": "handschriftlich", "kind": "technique", "label": "Handschrift (Schreiben)", "label_en": "Handwriting", "uris": []},
    {"key": "buchdruck", "kind": "technique", "label": "Buchdruck", "label_en": "Letterpress printing", "uris": []},
    {"key": "lichtdruck", "kind": "technique", "label": "Fotomechanischer Druck", "label_en": "Photomechanical printing", "uris": []},
    {"key": "guss", "kind": "technique", "label": "Guss", "label_en": "Casting", "uris": []},
    {"key": "praegung", "kind": "technique", "label": "Prägung", "label_en": "Striking", "uris": []},
    {"key": "aufbaukeramik", "kind": "technique", "label": "Freihandaufbau", "label_en": "Hand-building", "uris": []},
    {"key": "stichverzierung", "kind": "technique", "label": "Stichverzierung", "label_en": "Stab decoration", "uris": []},
    {"key": "mauerwerk", "kind": "technique", "label": "Mauerwerksbau", "label_en": "Masonry", "uris": []},
    {"key": "steinmetz", "kind": "technique", "label": "Steinmetzarbeit", "label_en": "Stone carving", "uris": []},
    {"key": "orgelbau", "kind": "technique", "label": "Orgelbau", "label_en": "Organ building", "uris": []},
    {"key": "fotografie_technik", "kind": "technique", "label": "Fotografie", "label_en": "Photography", "uris": []},
    {"key": "zeichnung", "kind": "technique", "label": "Zeichnung", "label_en": "Drawing", "uris": []},
    {"key": "digitale_kartografie", "kind": "technique", "label": "Digitale Kartografie",
     "label_en": "Digital cartography", "uris": []},
    # subjects
    {"key": "zauberspruch", "kind": "subject", "label": "Zauberspruch", "label_en": "Magic charm", "uris": []},
    {"key": "germanische_mythologie", "kind": "subject", "label": "Germanische Mythologie",
     "label_en": "Germanic mythology", "uris": []},
    {"key": "althochdeutsch", "kind": "subject", "label": "Althochdeutsche Sprache",
     "label_en": "Old High German language", "uris": []},
    {"key": "bibel", "kind": "subject", "label": "Bibel", "label_en": "Bible", "uris": []},
    {"key": "geschichtsschreibung", "kind": "subject", "label": "Geschichtsschreibung",
     "label_en": "Historiography", "uris": []},
    {"key": "bistum_merseburg", "kind": "subject", "label": "Bistum Merseburg",
     "label_en": "Diocese of Merseburg", "uris": []},
    {"key": "koenigtum", "kind": "subject", "label": "Königtum", "label_en": "Kingship", "uris": []},
    {"key": "investiturstreit", "kind": "subject", "label": "Investiturstreit",
     "label_en": "Investiture Controversy", "uris": []},
    {"key": "grabmal", "kind": "subject", "label": "Grabmal", "label_en": "Funerary monument", "uris": []},
    {"key": "kirchenmusik", "kind": "subject", "label": "Kirchenmusik", "label_en": "Church music", "uris": []},
    {"key": "taufe", "kind": "subject", "label": "Taufe", "label_en": "Baptism", "uris": []},
    {"key": "residenz", "kind": "subject", "label": "Residenz", "label_en": "Residence", "uris": []},
    {"key": "sage", "kind": "subject", "label": "Sage", "label_en": "Legend", "uris": []},
    {"key": "rabe", "kind": "subject", "label": "Rabe", "label_en": "Raven", "uris": []},
    {"key": "neptun", "kind": "subject", "label": "Neptun", "label_en": "Neptune", "uris": []},
    {"key": "stadtverwaltung", "kind": "subject", "label": "Stadtverwaltung", "label_en": "Municipal government", "uris": []},
    {"key": "landtag", "kind": "subject", "label": "Provinzialverwaltung", "label_en": "Provincial administration", "uris": []},
    {"key": "wettiner", "kind": "subject", "label": "Wettiner", "label_en": "House of Wettin", "uris": []},
    {"key": "burg", "kind": "subject", "label": "Burg", "label_en": "Castle", "uris": []},
    {"key": "salzgewinnung", "kind": "subject", "label": "Salzgewinnung", "label_en": "Salt production", "uris": []},
    {"key": "kurwesen", "kind": "subject", "label": "Kurwesen", "label_en": "Spa culture", "uris": []},
    {"key": "theater", "kind": "subject", "label": "Theater", "label_en": "Theatre", "uris": []},
    {"key": "chemische_industrie", "kind": "subject", "label": "Chemische Industrie",
     "label_en": "Chemical industry", "uris": []},
    {"key": "ammoniaksynthese", "kind": "subject", "label": "Ammoniaksynthese",
     "label_en": "Ammonia synthesis", "uris": []},
    {"key": "synthesekautschuk", "kind": "subject", "label": "Synthesekautschuk",
     "label_en": "Synthetic rubber", "uris": []},
    {"key": "werbung", "kind": "subject", "label": "Werbung", "label_en": "Advertising", "uris": []},
    {"key": "bestattung", "kind": "subject", "label": "Bestattung", "label_en": "Burial", "uris": []},
    {"key": "kulturlandschaft", "kind": "subject", "label": "Kulturlandschaft",
     "label_en": "Cultural landscape", "uris": []},
    # periods
    {"key": "mittelneolithikum", "kind": "period", "label": "Mittelneolithikum",
     "label_en": "Middle Neolithic", "uris": []},
    {"key": "roessener_kultur", "kind": "period", "label": "Rössener Kultur", "label_en": "Rössen culture", "uris": []},
    {"key": "ottonenzeit", "kind": "period", "label": "Ottonenzeit", "label_en": "Ottonian period", "uris": []},
    {"key": "salierzeit", "kind": "period", "label": "Salierzeit", "label_en": "Salian period", "uris": []},
    {"key": "romanik", "kind": "period", "label": "Romanik", "label_en": "Romanesque", "uris": []},
    {"key": "spaetgotik", "kind": "period", "label": "Spätgotik", "label_en": "Late Gothic", "uris": []},
    {"key": "renaissance", "kind": "period", "label": "Renaissance", "label_en": "Renaissance", "uris": []},
    {"key": "klassizismus", "kind": "period", "label": "Klassizismus", "label_en": "Neoclassicism", "uris": []},
    {"key": "romantik", "kind": "period", "label": "Romantik", "label_en": "Romanticism", "uris": []},
    {"key": "historismus", "kind": "period", "label": "Historismus", "label_en": "Historicism", "uris": []},
    {"key": "kaiserreich", "kind": "period", "label": "Deutsches Kaiserreich", "label_en": "German Empire", "uris": []},
    {"key": "ns_zeit", "kind": "period", "label": "Zeit des Nationalsozialismus", "label_en": "Nazi era", "uris": []},
    {"key": "ddr", "kind": "period", "label": "DDR", "label_en": "German Democratic Republic", "uris": []},
    # roles
    {"key": "verfasser", "kind": "role", "label": "Verfasser", "label_en": "Author", "uris": []},
    {"key": "herausgeber", "kind": "role", "label": "Herausgeber", "label_en": "Editor", "uris": []},
    {"key": "auftraggeber", "kind": "role", "label": "Auftraggeber", "label_en": "Commissioner", "uris": []},
    {"key": "bauherr", "kind": "role", "label": "Bauherr", "label_en": "Patron of the building", "uris": []},
    {"key": "architekt", "kind": "role", "label": "Architekt", "label_en": "Architect", "uris": []},
    {"key": "baumeister", "kind": "role", "label": "Baumeister", "label_en": "Master builder", "uris": []},
    {"key": "orgelbauer", "kind": "role", "label": "Orgelbauer", "label_en": "Organ builder", "uris": []},
    {"key": "entdecker", "kind": "role", "label": "Entdecker", "label_en": "Discoverer", "uris": []},
    {"key": "betreiber", "kind": "role", "label": "Betreiber", "label_en": "Operator", "uris": []},
    {"key": "gruender", "kind": "role", "label": "Gründer", "label_en": "Founder", "uris": []},
    {"key": "komponist", "kind": "role", "label": "Komponist", "label_en": "Composer", "uris": []},
    {"key": "bestatteter", "kind": "role", "label": "Bestattete Person", "label_en": "Person buried", "uris": []},
    {"key": "restaurator", "kind": "role", "label": "Restaurator", "label_en": "Restorer", "uris": []},
    {"key": "fotograf", "kind": "role", "label": "Fotograf", "label_en": "Photographer", "uris": []},
    {"key": "hersteller", "kind": "role", "label": "Hersteller", "label_en": "Maker", "uris": []},
    # event types
    {"key": "production", "kind": "event_type", "label": "Herstellung", "label_en": "Production",
     "uris": [LIDO + "lido00007"]},
    {"key": "acquisition", "kind": "event_type", "label": "Erwerb", "label_en": "Acquisition",
     "uris": [LIDO + "lido00001"]},
    {"key": "finding", "kind": "event_type", "label": "Fund/Auffindung", "label_en": "Finding", "uris": []},
    {"key": "restoration", "kind": "event_type", "label": "Restaurierung", "label_en": "Restoration",
     "uris": [LIDO + "lido00034"]},
    {"key": "use", "kind": "event_type", "label": "Nutzung", "label_en": "Use", "uris": []},
    {"key": "construction", "kind": "event_type", "label": "Errichtung", "label_en": "Construction", "uris": []},
    {"key": "excavation", "kind": "event_type", "label": "Ausgrabung", "label_en": "Excavation", "uris": []},
    # relation types
    {"key": "teil_von", "kind": "relation_type", "label": "Teil von", "label_en": "Part of", "uris": []},
    {"key": "befindet_sich_in", "kind": "relation_type", "label": "befindet sich in", "label_en": "Located in", "uris": []},
    {"key": "reproduktion_von", "kind": "relation_type", "label": "Reproduktion von", "label_en": "Reproduction of", "uris": []},
    {"key": "verwandt", "kind": "relation_type", "label": "steht in Beziehung zu", "label_en": "Related to", "uris": []},
    {"key": "gleicher_fundkontext", "kind": "relation_type", "label": "gleicher Fundkontext",
     "label_en": "Same find context", "uris": []},
    # methods
    {"key": "bestandsdurchsicht", "kind": "method", "label": "Bestandsdurchsicht",
     "label_en": "Examination of holdings", "uris": []},
    {"key": "graeberfeldgrabung", "kind": "method", "label": "Gräberfeldgrabung",
     "label_en": "Cemetery excavation", "uris": []},
]

# ---------------------------------------------------------------------------
# Institutions and collections
# ---------------------------------------------------------------------------

INSTITUTIONS = [
    {"key": "dsb", "name": "Domstiftsbibliothek Merseburg", "name_en": "Merseburg Cathedral Chapter Library",
     "isil": "", "website": "", "place": "merseburg",
     "description": "Bibliothek des Merseburger Domkapitels, heute Teil der Vereinigten Domstifter zu "
                    "Merseburg und Naumburg und des Kollegiatstifts Zeitz. Zu ihren Beständen gehört "
                    "die Handschrift mit den Merseburger Zaubersprüchen.",
     "description_en": "Library of the Merseburg cathedral chapter, today part of the United Cathedral "
                       "Chapters of Merseburg and Naumburg and the Collegiate Chapter of Zeitz. Its "
                       "holdings include the manuscript with the Merseburg Charms."},
    {"key": "dom", "name": "Dom St. Johannes und St. Laurentius Merseburg",
     "name_en": "Merseburg Cathedral of St John and St Lawrence",
     "isil": "", "website": "", "place": "merseburg",
     "description": "Der Merseburger Dom mit seiner Ausstattung, betreut von den Vereinigten Domstiftern "
                    "zu Merseburg und Naumburg und des Kollegiatstifts Zeitz.",
     "description_en": "Merseburg Cathedral and its furnishings, in the care of the United Cathedral "
                       "Chapters of Merseburg and Naumburg and the Collegiate Chapter of Zeitz."},
    {"key": "museum", "name": "Kulturhistorisches Museum Schloss Merseburg",
     "name_en": "Museum of Cultural History, Merseburg Palace",
     "isil": "", "website": "", "place": "merseburg",
     "description": "Museum zur Geschichte von Stadt und Region im Merseburger Schloss.",
     "description_en": "Museum of the history of the town and region, housed in Merseburg Palace."},
    {"key": "chemiemuseum", "name": "Deutsches Chemie-Museum Merseburg",
     "name_en": "German Chemistry Museum Merseburg",
     "isil": "DE-MUS-719417",  # verified: de.wiki.li/Deutsches_Chemie-Museum_Merseburg (infobox)
     "website": "", "place": "merseburg",
     "description": "1993 vom Verein „Sachzeugen der chemischen Industrie“ gegründetes Museum zur "
                    "Geschichte der chemischen Industrie in Mitteldeutschland, mit einem Technikpark "
                    "historischer Anlagen auf dem Campus der Hochschule Merseburg.",
     "description_en": "Museum of the history of the chemical industry in central Germany, founded in 1993 "
                       "by the association Sachzeugen der chemischen Industrie, with a technical park of "
                       "historical plant on the campus of Merseburg University of Applied Sciences."},
    {"key": "lauchstaedt", "name": "Historische Kuranlagen und Goethe-Theater Bad Lauchstädt",
     "name_en": "Historic Spa and Goethe Theatre Bad Lauchstädt",
     "isil": "", "website": "", "place": "bad_lauchstaedt",
     "description": "Träger des Goethe-Theaters und der historischen Kuranlagen in Bad Lauchstädt.",
     "description_en": "Operator of the Goethe Theatre and the historic spa buildings at Bad Lauchstädt."},
    {"key": "lmv", "name": "Landesmuseum für Vorgeschichte Halle",
     "name_en": "State Museum of Prehistory Halle",
     "isil": "", "website": "", "place": "halle",
     "description": "Archäologisches Landesmuseum Sachsen-Anhalts in Halle (Saale), Teil des "
                    "Landesamtes für Denkmalpflege und Archäologie Sachsen-Anhalt. Es bewahrt unter "
                    "anderem die Funde aus dem Gräberfeld von Rössen.",
     "description_en": "State archaeological museum of Saxony-Anhalt in Halle (Saale), part of the "
                       "State Office for Heritage Management and Archaeology Saxony-Anhalt. Its "
                       "holdings include the finds from the cemetery at Rössen."},
    {"key": "denkmale", "name": "Kulturschatz Merseburg – Denkmaldokumentation",
     "name_en": "Kulturschatz Merseburg – Monument Documentation",
     "isil": "", "website": "", "place": "merseburg",
     "description": "Dokumentation ortsfester Bau- und Kulturdenkmale im Saalekreis durch das Archiv "
                    "Kulturschatz Merseburg. Die Denkmale selbst befinden sich in unterschiedlicher "
                    "Trägerschaft.",
     "description_en": "Documentation of immovable monuments in the Saalekreis by the Kulturschatz "
                       "Merseburg archive. The monuments themselves have various owners."},
]

COLLECTIONS = [
    {"key": "handschriften", "slug": "handschriften", "institution": "dsb", "parent": None,
     "name": "Handschriften", "name_en": "Manuscripts",
     "description": "Mittelalterliche Handschriften der Domstiftsbibliothek.",
     "description_en": "Medieval manuscripts of the cathedral chapter library."},
    {"key": "dsb_drucke", "slug": "domstiftsbibliothek-drucke", "institution": "dsb", "parent": None,
     "name": "Drucke und Faksimiles", "name_en": "Printed books and facsimiles",
     "description": "Gedruckte Werke und Faksimileausgaben zur Merseburger Geschichte.",
     "description_en": "Printed works and facsimile editions on the history of Merseburg."},
    {"key": "domausstattung", "slug": "domausstattung", "institution": "dom", "parent": None,
     "name": "Domausstattung", "name_en": "Cathedral furnishings",
     "description": "Grabmäler, Orgel und liturgische Ausstattung des Merseburger Doms.",
     "description_en": "Tombs, organ and liturgical furnishings of Merseburg Cathedral."},
    {"key": "domschatz", "slug": "domschatz", "institution": "dom", "parent": "domausstattung",
     "name": "Domschatz", "name_en": "Cathedral treasury",
     "description": "Im Dom verwahrte Schatzstücke und Erinnerungsstücke.",
     "description_en": "Treasures and memorabilia kept in the cathedral."},
    {"key": "schloss", "slug": "schloss-und-stadtgeschichte", "institution": "museum", "parent": None,
     "name": "Schloss- und Stadtgeschichte", "name_en": "Palace and town history",
     "description": "Zeugnisse zur Geschichte des Merseburger Schlosses und der Stadt.",
     "description_en": "Evidence of the history of Merseburg Palace and the town."},
    {"key": "muenzen", "slug": "muenzkabinett", "institution": "museum", "parent": "schloss",
     "name": "Münzen", "name_en": "Coins",
     "description": "Münzen aus Merseburger Prägung.",
     "description_en": "Coins struck at Merseburg."},
    {"key": "chemie", "slug": "chemiegeschichte", "institution": "chemiemuseum", "parent": None,
     "name": "Chemiegeschichte Mitteldeutschland", "name_en": "Chemical history of central Germany",
     "description": "Pläne, Anlagen und Zeugnisse der Chemiestandorte Leuna und Schkopau.",
     "description_en": "Plans, plant and records of the chemical sites at Leuna and Schkopau."},
    {"key": "goethe_theater", "slug": "goethe-theater", "institution": "lauchstaedt", "parent": None,
     "name": "Goethe-Theater und Kuranlagen", "name_en": "Goethe Theatre and spa",
     "description": "Das Theater von 1802, die Kuranlagen und ihre Überlieferung.",
     "description_en": "The 1802 theatre, the spa buildings and their records."},
    {"key": "roessen", "slug": "roessener-kultur", "institution": "lmv", "parent": None,
     "name": "Rössener Kultur", "name_en": "Rössen culture",
     "description": "Funde der mittelneolithischen Rössener Kultur aus ihrem namengebenden Fundort.",
     "description_en": "Finds of the Middle Neolithic Rössen culture from its eponymous site."},
    {"key": "baudenkmale", "slug": "baudenkmale-saalekreis", "institution": "denkmale", "parent": None,
     "name": "Baudenkmale im Saalekreis", "name_en": "Architectural monuments in the Saalekreis",
     "description": "Dokumentation von Kirchen, Burgen, Schlössern und Profanbauten.",
     "description_en": "Documentation of churches, castles, palaces and secular buildings."},
    {"key": "technikdenkmale", "slug": "technikdenkmale-saalekreis", "institution": "denkmale",
     "parent": "baudenkmale",
     "name": "Technische Denkmale", "name_en": "Technical monuments",
     "description": "Industrie- und Technikdenkmale im Saalekreis.",
     "description_en": "Industrial and technical monuments in the Saalekreis."},
]

# ---------------------------------------------------------------------------
# Objects
# ---------------------------------------------------------------------------

_CHARM_LINES = [
    "Eiris sazun idisi, sazun hera duoder.",
    "suma hapt heptidun, suma heri lezidun,",
    "suma clubodun umbi cuoniouuidi:",
    "insprinc haptbandun, inuar uigandun.",
    "Phol ende uuodan uuorun zi holza.",
    "du uuart demo balderes uolon sin uuoz birenkit.",
    "thu biguol en sinthgunt, sunna era suister;",
    "thu biguol en friia, uolla era suister;",
    "thu biguol en uuodan, so he uuola conda:",
    "sose benrenki, sose bluotrenki,",
    "sose lidirenki: ben zi bena, bluot zi bluoda,",
    "lid zi geliden, sose gelimida sin.",
]

_CHARM_1 = ("Eiris sazun idisi, sazun hera duoder. suma hapt heptidun, suma heri lezidun, "
            "suma clubodun umbi cuoniouuidi: insprinc haptbandun, inuar uigandun.")
_CHARM_2 = ("Phol ende uuodan uuorun zi holza. du uuart demo balderes uolon sin uuoz birenkit. "
            "thu biguol en sinthgunt, sunna era suister; thu biguol en friia, uolla era suister; "
            "thu biguol en uuodan, so he uuola conda: sose benrenki, sose bluotrenki, sose lidirenki: "
            "ben zi bena, bluot zi bluoda, lid zi geliden, sose gelimida sin.")

_RUDOLF = ("REX HOC RODULFUS PATRUM PRO LEGE PEREMPTUS PLORANDUS MERITO CONDITUR IN TUMULO "
           "REX ILLI SIMILIS SI REGNET TEMPORE PACIS CONSILIO GLADIO NON FUIT A KAROLO "
           "QUA VICERE SUI RUIT HIC SACRA VICTIMA BELLI MORS SIBI VITA FUIT ECCLESIAE CECIDIT")


def _desc(de: str, en: str) -> list[dict]:
    return [{"text": de, "lang": "de"}, {"text": en, "lang": "en"}]


def _en(title: str) -> list[dict]:
    return [{"text": title, "lang": "en", "pref": "preferred"}]


def _subjects(concepts=(), agents=(), places=()) -> dict:
    return {"concepts": list(concepts), "agents": list(agents), "places": list(places)}


OBJECTS = [
    # -- Domstiftsbibliothek ------------------------------------------------
    {
        "identifier": "dsb-cod-136",
        "institution": "dsb", "collection": "handschriften",
        "inventory_number": "Cod. 136",
        "object_type": "handschrift", "classifications": ["schriftgut"],
        "title": "Merseburger Zaubersprüche",
        "titles": _en("Merseburg Charms"),
        "descriptions": _desc(
            "Die beiden Merseburger Zaubersprüche sind die einzigen erhaltenen Zeugnisse vorchristlicher "
            "Dichtung in althochdeutscher Sprache. Sie wurden im 10. Jahrhundert auf eine freie Seite "
            "(fol. 85r) einer theologischen Sammelhandschrift eingetragen. Der erste Spruch dient der "
            "Lösung von Gefangenen, der zweite der Heilung eines verrenkten Pferdefußes; genannt werden "
            "u. a. Wodan, Phol, Balder, Frija und Sunna. Georg Waitz entdeckte die Sprüche 1841, Jacob "
            "Grimm veröffentlichte sie 1842.",
            "The two Merseburg Charms are the only surviving witnesses of pre-Christian poetry in Old High "
            "German. They were entered in the 10th century on a blank page (fol. 85r) of a theological "
            "miscellany. The first charm serves to release captives, the second to heal a horse's "
            "sprained foot; the deities named include Wodan, Phol, Balder, Frija and Sunna. Georg Waitz "
            "discovered the charms in 1841 and Jacob Grimm first published them in 1842."),
        "inscriptions": [
            {"kind": "Text", "transcription": _CHARM_1,
             "description": "Erster Merseburger Zauberspruch (Lösungszauber), fol. 85r", "lang": "goh"},
            {"kind": "Text", "transcription": _CHARM_2,
             "description": "Zweiter Merseburger Zauberspruch (Pferdesegen), fol. 85r", "lang": "goh"},
        ],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "10. Jh.", "places": [], "actors": [],
             "materials": ["pergament", "tinte"], "techniques": ["handschriftlich"],
             "materials_display": "Tinte auf Pergament", "method": None,
             "description": "Eintrag der beiden Sprüche auf einer freien Seite der Sammelhandschrift."},
            {"type": "finding", "date": "1841", "places": ["merseburg"],
             "actors": [{"agent": "waitz", "role": "entdecker", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": "bestandsdurchsicht",
             "description": "Georg Waitz stößt bei der Durchsicht der Merseburger Dombibliothek auf die Sprüche."},
            {"type": "use", "date": "1842", "places": [],
             "actors": [{"agent": "grimm", "role": "herausgeber", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Erstveröffentlichung durch Jacob Grimm."},
        ],
        "subjects": _subjects(["zauberspruch", "germanische_mythologie", "althochdeutsch", "ottonenzeit"],
                              [], ["merseburg"]),
        "related": [],
        "provenance": "Seit dem Mittelalter im Besitz des Merseburger Domkapitels.",
        "credit_line": "Domstiftsbibliothek Merseburg, Cod. 136",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "manuscript", "width": 4200, "height": 5600, "caption": "fol. 85r", "caption_en": "fol. 85r",
             "lines": _CHARM_LINES, "heading": "", "folio": "fol. 85r", "columns": 1, "initial": True},
        ],
    },
    {
        "identifier": "dsb-merseburger-bibel",
        "institution": "dsb", "collection": "handschriften",
        "inventory_number": "Bibel Bd. 1–3",  # demonstration numbering (real shelfmark not verified)
        "object_type": "handschrift", "classifications": ["schriftgut", "sakralkunst"],
        "title": "Merseburger Bibel",
        "titles": _en("Merseburg Bible"),
        "descriptions": _desc(
            "Die romanische Merseburger Bibel umfasst drei großformatige Bände und ist ein kostbares "
            "Zeugnis der deutschen Buchmalerei des frühen 13. Jahrhunderts. Initialen und ganzseitige "
            "Miniaturen sind in leuchtenden Farben ausgeführt; die Gestaltung des Genesis-Beginns und die "
            "Bilder zur Josephsgeschichte zeigen die Erzählfreude eines anonymen Meisters. Die Bände "
            "werden im Wechsel im Handschriftengewölbe des Doms gezeigt.",
            "The Romanesque Merseburg Bible comprises three large volumes and is a precious witness of "
            "German book painting of the early 13th century. Initials and full-page miniatures are "
            "painted in brilliant colours; the opening of Genesis and the pictures of the Joseph story "
            "show the narrative delight of an anonymous master. The volumes are shown in turn in the "
            "manuscript vault of the cathedral."),
        "inscriptions": [
            {"kind": "Incipit", "transcription": "In principio creavit Deus caelum et terram",
             "description": "Beginn des Buches Genesis (Vulgata)", "lang": "la"},
        ],
        "measurements": [],
        "dimensions_display": "3 Bände",
        "events": [
            {"type": "production", "date": "Anfang 13. Jh.", "places": [], "actors": [],
             "materials": ["pergament", "tinte"], "techniques": ["handschriftlich"],
             "materials_display": "Tinte und Farben auf Pergament", "method": None, "description": ""},
        ],
        "subjects": _subjects(["bibel", "romanik"], [], []),
        "related": [],
        "provenance": "Domstiftsbibliothek Merseburg.",
        "credit_line": "Domstiftsbibliothek Merseburg",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "manuscript", "width": 4000, "height": 5400, "caption": "Beginn der Genesis",
             "caption_en": "Beginning of Genesis",
             "lines": ["In principio creavit Deus caelum et terram.",
                       "Terra autem erat inanis et vacua,",
                       "et tenebrae super faciem abyssi,",
                       "et spiritus Dei ferebatur super aquas.",
                       "Dixitque Deus: Fiat lux. Et facta est lux.",
                       "Et vidit Deus lucem quod esset bona,",
                       "et divisit lucem a tenebris."],
             "heading": "Incipit liber Bresith id est Genesis", "folio": "", "columns": 2, "initial": True},
            {"render": "photo_object", "width": 2400, "height": 3000, "caption": "Einband",
             "caption_en": "Binding", "label": "Merseburger Bibel", "shape": "book"},
        ],
    },
    {
        "identifier": "dsb-thietmar-chronik-faksimile",
        "institution": "dsb", "collection": "dsb_drucke",
        "inventory_number": "Fak. 12",  # demonstration numbering
        "object_type": "faksimile", "classifications": ["schriftgut"],
        "title": "Chronik des Thietmar von Merseburg, Faksimile der Dresdner Handschrift",
        "titles": _en("Chronicon of Thietmar of Merseburg, facsimile of the Dresden manuscript"),
        "descriptions": _desc(
            "Faksimile der Chronik Bischof Thietmars von Merseburg. Thietmar schrieb sein Werk zwischen "
            "1012 und 1018; es ist eine der wichtigsten Quellen zur Geschichte des ottonischen Reiches "
            "und des Bistums Merseburg. Die Originalhandschrift mit Korrekturen und Nachträgen von "
            "Thietmars eigener Hand befindet sich nicht in Merseburg, sondern in der Sächsischen "
            "Landesbibliothek – Staats- und Universitätsbibliothek Dresden (Mscr.Dresd.R.147). Sie wurde "
            "bei der Bombardierung Dresdens 1945 schwer beschädigt; das 1905 hergestellte Faksimile "
            "überliefert daher ihren Zustand vor der Zerstörung.",
            "Facsimile of the Chronicon of Bishop Thietmar of Merseburg. Thietmar wrote the work between "
            "1012 and 1018; it is one of the most important sources for the Ottonian realm and the "
            "diocese of Merseburg. The original manuscript, with corrections and additions in Thietmar's "
            "own hand, is not in Merseburg but in the Saxon State and University Library Dresden "
            "(Mscr.Dresd.R.147). It was badly damaged in the bombing of Dresden in 1945, so the facsimile "
            "made in 1905 preserves its condition before the destruction."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "1905", "places": ["dresden"],
             "actors": [{"agent": "ludwig_schmidt", "role": "herausgeber", "qualifier": ""}],
             "materials": ["papier"], "techniques": ["lichtdruck"],
             "materials_display": "Papier, fotomechanischer Druck", "method": None,
             "description": "Faksimile-Reproduktion der Dresdner Handschrift."},
        ],
        "subjects": _subjects(["geschichtsschreibung", "bistum_merseburg", "ottonenzeit"],
                              ["thietmar", "heinrich2"], ["merseburg", "dresden"]),
        "related": [{"identifier": "dom-merseburger-dom", "type": "verwandt"}],
        "provenance": "Original: SLUB Dresden, Mscr.Dresd.R.147.",
        "credit_line": "Domstiftsbibliothek Merseburg (Faksimile); Original: SLUB Dresden, Mscr.Dresd.R.147",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "manuscript", "width": 3000, "height": 4000, "caption": "Faksimileseite",
             "caption_en": "Facsimile page",
             "lines": ["Thietmari Merseburgensis episcopi chronicon"],
             "heading": "Thietmar von Merseburg", "folio": "Faksimile", "columns": 1, "initial": True},
        ],
    },
    # -- Dom --------------------------------------------------------------
    {
        "identifier": "dom-grabplatte-rudolf-von-rheinfelden",
        "institution": "dom", "collection": "domausstattung",
        "inventory_number": "Dom-G 1",  # demonstration numbering
        "object_type": "grabplatte", "classifications": ["sakralkunst"],
        "title": "Bronzegrabplatte Rudolfs von Rheinfelden",
        "titles": _en("Bronze tomb slab of Rudolf of Rheinfelden")
        + [{"text": "Grabplatte des Gegenkönigs Rudolf von Schwaben", "lang": "de", "pref": "alternative"}],
        "descriptions": _desc(
            "Die Grabplatte des Gegenkönigs Rudolf von Rheinfelden entstand um 1080 und gehört zu den "
            "ältesten figürlichen Bronzegrabplatten nördlich der Alpen. Sie zeigt den König mit den "
            "Herrschaftszeichen; eine lateinische Umschrift am Rand rühmt ihn als Opfer für die Kirche. "
            "Rudolf war in der Schlacht an der Elster am 15. Oktober 1080 tödlich verwundet worden und "
            "wurde im Merseburger Dom beigesetzt.",
            "The tomb slab of the anti-king Rudolf of Rheinfelden was made around 1080 and is one of the "
            "oldest figural bronze tomb slabs north of the Alps. It shows the king with the insignia of "
            "rule; a Latin inscription along the border praises him as a sacrifice for the Church. "
            "Rudolf was mortally wounded at the battle on the Elster on 15 October 1080 and was buried "
            "in Merseburg Cathedral."),
        "inscriptions": [
            {"kind": "Umschrift", "transcription": _RUDOLF,
             "description": "Randinschrift. Übersetzung: König Rudolf, für das Gesetz der Väter "
                            "gefallen, zu Recht zu beweinen, ist in diesem Grab geborgen. Hätte er in "
                            "Friedenszeiten geherrscht, wäre ihm seit Karl kein König an Rat und Schwert "
                            "gleich gewesen. Wo die Seinen siegten, fiel er als heiliges Opfer des "
                            "Krieges. Der Tod war ihm Leben: Er fiel für die Kirche.",
             "lang": "la"},
        ],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "um 1080", "places": [], "actors": [],
             "materials": ["bronze"], "techniques": ["guss"], "materials_display": "Bronze, gegossen",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["grabmal", "koenigtum", "investiturstreit", "salierzeit"], ["rudolf"], ["merseburg"]),
        "related": [{"identifier": "dom-hand-rudolf-von-rheinfelden", "type": "verwandt"},
                    {"identifier": "dom-merseburger-dom", "type": "befindet_sich_in"}],
        "provenance": "Seit dem 11. Jahrhundert im Merseburger Dom.",
        "credit_line": "Vereinigte Domstifter zu Merseburg und Naumburg und des Kollegiatstifts Zeitz",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "tomb_slab", "width": 2900, "height": 5800, "caption": "Gesamtansicht",
             "caption_en": "Overall view", "inscription": _RUDOLF, "figure": True},
            {"render": "tomb_slab", "width": 2400, "height": 1800, "caption": "Randinschrift (Detail)",
             "caption_en": "Border inscription (detail)",
             "inscription": "REX HOC RODULFUS PATRUM PRO LEGE PEREMPTUS", "figure": False},
        ],
    },
    {
        "identifier": "dom-hand-rudolf-von-rheinfelden",
        "institution": "dom", "collection": "domschatz",
        "inventory_number": "Dom-S 1",  # demonstration numbering
        "object_type": "reliquie", "classifications": ["sakralkunst"],
        "title": "Mumifizierte Hand Rudolfs von Rheinfelden",
        "titles": _en("Mummified hand of Rudolf of Rheinfelden"),
        "descriptions": _desc(
            "Im Merseburger Dom wird die mumifizierte rechte Hand aufbewahrt, die der Überlieferung nach "
            "Rudolf von Rheinfelden in der Schlacht an der Elster 1080 verlor. Rudolf hatte mit dieser "
            "Hand Heinrich IV. Treue geschworen; der Verlust wurde von Zeitgenossen als Gottesurteil "
            "gedeutet.",
            "Merseburg Cathedral keeps the mummified right hand which, according to tradition, Rudolf of "
            "Rheinfelden lost at the battle on the Elster in 1080. Rudolf had sworn fealty to Henry IV "
            "with this hand; contemporaries interpreted the loss as a divine judgement."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "1080", "places": [], "actors": [],
             "materials": [], "techniques": [], "materials_display": "menschliches Gewebe, mumifiziert",
             "method": None, "description": "Verlust der Hand in der Schlacht an der Elster am 15. Oktober 1080."},
        ],
        "subjects": _subjects(["koenigtum", "investiturstreit", "salierzeit", "bestattung"], ["rudolf"], ["merseburg"]),
        "related": [{"identifier": "dom-grabplatte-rudolf-von-rheinfelden", "type": "verwandt"}],
        "provenance": "Im Merseburger Dom verwahrt.",
        "credit_line": "Vereinigte Domstifter zu Merseburg und Naumburg und des Kollegiatstifts Zeitz",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "photo_object", "width": 2400, "height": 1800, "caption": "Schaukasten",
             "caption_en": "Display case", "label": "Hand Rudolfs von Rheinfelden", "shape": "reliquary"},
        ],
    },
    {
        "identifier": "dom-ladegast-orgel",
        "institution": "dom", "collection": "domausstattung",
        "inventory_number": "Dom-O 1",  # demonstration numbering
        "object_type": "orgel", "classifications": ["musikinstrument", "sakralkunst"],
        "title": "Ladegast-Orgel im Merseburger Dom",
        "titles": _en("Ladegast organ in Merseburg Cathedral"),
        "descriptions": _desc(
            "Friedrich Ladegast aus Weißenfels baute die Orgel 1853–1855 hinter dem barocken Prospekt der "
            "Vorgängerorgel vom Ende des 17. Jahrhunderts; bei ihrer Vollendung war sie mit vier Manualen "
            "und 81 Registern die größte Orgel Deutschlands. Franz Liszts Präludium und Fuge über B-A-C-H "
            "wird mit ihrer Einweihung in Verbindung gebracht. Nach Eingriffen im 20. Jahrhundert wurde der "
            "Zustand Ladegasts bei der Restaurierung 2001–2004 durch die Werkstätten Eule (Bautzen), "
            "Scheffler (Sieversdorf) und Wegscheider (Dresden) wiederhergestellt.",
            "Friedrich Ladegast of Weissenfels built the organ in 1853–1855 behind the Baroque case of its "
            "late 17th-century predecessor; with four manuals and 81 stops it was the largest organ in "
            "Germany when completed. Franz Liszt's Prelude and Fugue on B-A-C-H is associated with its "
            "inauguration. After alterations in the 20th century, Ladegast's state was recovered in the "
            "2001–2004 restoration by the workshops of Eule (Bautzen), Scheffler (Sieversdorf) and "
            "Wegscheider (Dresden)."),
        "inscriptions": [],
        "measurements": [{"type": "Manuale", "value": "4", "unit": "Anzahl"},
                         {"type": "Register", "value": "81", "unit": "Anzahl"}],
        "dimensions_display": "4 Manuale, 81 Register",
        "events": [
            {"type": "production", "date": "1853–1855", "places": ["merseburg"],
             "actors": [{"agent": "ladegast", "role": "orgelbauer", "qualifier": ""}],
             "materials": ["holz", "metall"], "techniques": ["orgelbau"],
             "materials_display": "Holz, Metall", "method": None, "description": ""},
            {"type": "use", "date": "1855", "places": ["merseburg"],
             "actors": [{"agent": "liszt", "role": "komponist", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Einweihung der Orgel am 26. September 1855; Liszts Präludium und Fuge über B-A-C-H wird mit ihr in "
                            "Verbindung gebracht."},
            {"type": "restoration", "date": "2001–2004", "places": ["merseburg"],
             "actors": [{"agent": "eule", "role": "restaurator", "qualifier": "Koordination"},
                        {"agent": "scheffler", "role": "restaurator", "qualifier": ""},
                        {"agent": "wegscheider", "role": "restaurator", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Rekonstruktion des von Ladegast 1855/1866 geschaffenen Zustandes."},
        ],
        "subjects": _subjects(["kirchenmusik", "romantik"], ["ladegast", "liszt"], ["merseburg"]),
        "related": [{"identifier": "dom-merseburger-dom", "type": "befindet_sich_in"}],
        "provenance": "",
        "credit_line": "Vereinigte Domstifter zu Merseburg und Naumburg und des Kollegiatstifts Zeitz",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "organ", "width": 4000, "height": 5000, "caption": "Prospekt",
             "caption_en": "Organ case", "label": "Ladegast-Orgel 1855"},
            {"render": "organ", "width": 2400, "height": 1800, "caption": "Prospekt, Ausschnitt",
             "caption_en": "Organ case, detail", "label": "F. Ladegast, Weißenfels"},
        ],
    },
    {
        "identifier": "dom-taufstein",
        "institution": "dom", "collection": "domausstattung",
        "inventory_number": "Dom-A 3",  # demonstration numbering
        "object_type": "taufstein", "classifications": ["sakralkunst"],
        "title": "Romanischer Taufstein im Merseburger Dom",
        "titles": _en("Romanesque baptismal font in Merseburg Cathedral"),
        "descriptions": _desc(
            "Der romanische Taufstein aus rotem Sandstein ist aus einem einzigen Block gearbeitet und steht "
            "heute in der Vorhalle des Doms; ursprünglich stand er in der Kirche St. Thomas am Neumarkt. "
            "Im Sockel tragen vier Löwen das Becken, dazwischen sitzen die Personifikationen der vier "
            "Paradiesflüsse. In den Arkaden stehen zwölf Propheten, auf deren Schultern die zwölf Apostel "
            "sitzen – ein Bild für die Erfüllung des Alten im Neuen Testament.",
            "The Romanesque baptismal font of red sandstone is carved from a single block and stands "
            "today in the cathedral porch; it originally stood in the church of St Thomas in the Neumarkt. "
            "Four lions in the base carry the basin, with the personifications of the four rivers of "
            "Paradise between them. Under the arcades stand twelve prophets with the twelve apostles "
            "seated on their shoulders, an image of the fulfilment of the Old Testament in the New."),
        "inscriptions": [
            {"kind": "Umschrift", "transcription": "HOS DEUS EMUNDA QUOS ISTIC ABLUIT UNDA FIAT UT INTERIUS QUOD FIT ET EXTERIUS",
             "description": "Leoninisches Distichon am Beckenrand: Gott, reinige die, welche hier die Woge "
                            "reinwäscht, damit innerlich geschehe, was auch äußerlich geschieht.", "lang": "la"},
        ],
        "measurements": [{"type": "Höhe", "value": "127", "unit": "cm"},
                         {"type": "Durchmesser", "value": "131", "unit": "cm"}],
        "dimensions_display": "H. 127 cm, Dm. 131 cm",
        "events": [
            {"type": "production", "date": "um 1180", "places": ["merseburg"], "actors": [],
             "materials": ["sandstein"], "techniques": ["steinmetz"], "materials_display": "Roter Sandstein",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["taufe", "romanik"], [], ["merseburg"]),
        "related": [{"identifier": "dom-merseburger-dom", "type": "befindet_sich_in"}],
        "provenance": "",
        "credit_line": "Vereinigte Domstifter zu Merseburg und Naumburg und des Kollegiatstifts Zeitz",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "photo_object", "width": 2400, "height": 2400, "caption": "Ansicht",
             "caption_en": "View", "label": "Taufstein", "shape": "generic"},
        ],
    },
    {
        "identifier": "dom-merseburger-dom",
        "institution": "dom", "collection": "domausstattung",
        "inventory_number": "Dom-B 1",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal", "sakralkunst"],
        "title": "Dom St. Johannes und St. Laurentius zu Merseburg",
        "titles": _en("Cathedral of St John and St Lawrence, Merseburg"),
        "descriptions": _desc(
            "Bischof Thietmar begann 1015 den Neubau des Merseburger Doms, der 1021 in Gegenwart Kaiser "
            "Heinrichs II. geweiht wurde; ältester erhaltener Teil ist die Hallenkrypta. Chor, Querhaus "
            "und Vorhalle wurden im 13. Jahrhundert spätromanisch erneuert, Langhaus und Westvorhalle im "
            "frühen 16. Jahrhundert spätgotisch neu errichtet. "
            "Im Dom befinden sich u. a. die Grabplatte Rudolfs von Rheinfelden und die Ladegast-Orgel.",
            "Bishop Thietmar began the new cathedral of Merseburg in 1015; it was consecrated in 1021 in "
            "the presence of Emperor Henry II; the hall crypt is the oldest surviving part. Choir, transept "
            "and porch were renewed in late Romanesque style in the 13th century, and the nave and west "
            "porch were rebuilt in late Gothic style in the early 16th century. "
            "The cathedral houses, among other things, the tomb slab of Rudolf of Rheinfelden and the "
            "Ladegast organ."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "1015–1021", "places": ["merseburg"],
             "actors": [{"agent": "thietmar", "role": "bauherr", "qualifier": ""}],
             "materials": ["stein"], "techniques": ["mauerwerk"], "materials_display": "Naturstein",
             "method": None, "description": "Neubau unter Bischof Thietmar, Weihe 1021."},
            {"type": "use", "date": "1021", "places": ["merseburg"],
             "actors": [{"agent": "heinrich2", "role": "", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Weihe des Doms in Gegenwart Kaiser Heinrichs II."},
            {"type": "construction", "date": "frühes 16. Jh.", "places": ["merseburg"], "actors": [],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Spätgotischer Neubau von Langhaus und Westvorhalle; am Westportal Büste "
                            "Kaiser Heinrichs II. mit Kirchenmodell und der Jahreszahl 1515."},
        ],
        "subjects": _subjects(["bistum_merseburg", "ottonenzeit", "romanik", "spaetgotik"],
                              ["thietmar", "heinrich2"], ["merseburg"]),
        "related": [],
        "provenance": "",
        "credit_line": "Vereinigte Domstifter zu Merseburg und Naumburg und des Kollegiatstifts Zeitz",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 5600, "height": 3800, "caption": "Ansicht von Süden",
             "caption_en": "View from the south", "style": "cathedral", "label": "Merseburger Dom"},
            {"render": "plan", "width": 3000, "height": 2200, "caption": "Grundriss (schematisch)",
             "caption_en": "Ground plan (schematic)", "label": "Merseburger Dom, Grundriss", "seed": 11,
             "legend_items": ["Chor", "Querhaus", "Langhaus", "Kreuzgang"]},
        ],
    },
    # -- Schloss / Museum ---------------------------------------------------
    {
        "identifier": "schloss-merseburg",
        "institution": "museum", "collection": "schloss",
        "inventory_number": "KHM-B 1",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal"],
        "title": "Schloss Merseburg",
        "titles": _en("Merseburg Palace"),
        "descriptions": _desc(
            "Das Merseburger Schloss wurde unter Bischof Thilo von Trotha im späten 15. Jahrhundert als "
            "spätgotische Dreiflügelanlage neu errichtet – der Dom bildet den vierten Flügel – und 1605–1608 unter Leitung von Melchior Brenner im Stil der "
            "Renaissance umgebaut. Es bildet mit dem Dom ein eindrucksvolles Ensemble über der Saale und "
            "beherbergt heute das Kulturhistorische Museum Schloss Merseburg.",
            "Merseburg Palace was rebuilt in the late 15th century under Bishop Thilo von Trotha as a late "
            "Gothic three-winged bishop's palace, with the cathedral forming the fourth wing, and rebuilt in Renaissance style in 1605–1608 under Melchior Brenner. Together "
            "with the cathedral it forms an impressive ensemble above the Saale and today houses the "
            "Museum of Cultural History."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "spätes 15. Jh.", "places": ["merseburg"],
             "actors": [{"agent": "thilo", "role": "bauherr", "qualifier": ""}],
             "materials": ["stein"], "techniques": ["mauerwerk"], "materials_display": "Naturstein",
             "method": None, "description": "Spätgotisches Bischofsschloss."},
            {"type": "construction", "date": "1605–1608", "places": ["merseburg"],
             "actors": [{"agent": "brenner", "role": "baumeister", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Umbau im Stil der Renaissance."},
        ],
        "subjects": _subjects(["residenz", "bistum_merseburg", "spaetgotik", "renaissance"], ["thilo"], ["merseburg"]),
        "related": [{"identifier": "dom-merseburger-dom", "type": "verwandt"}],
        "provenance": "",
        "credit_line": "Kulturhistorisches Museum Schloss Merseburg",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 3500, "height": 2400, "caption": "Schlosshof",
             "caption_en": "Palace courtyard", "style": "castle", "label": "Schloss Merseburg"},
            {"render": "building", "width": 2800, "height": 2000, "caption": "Ansicht von der Saale",
             "caption_en": "View from the Saale", "style": "castle", "label": "Schloss und Dom Merseburg"},
        ],
    },
    {
        "identifier": "schloss-neptunbrunnen",
        "institution": "museum", "collection": "schloss",
        "inventory_number": "KHM-B 2",  # demonstration numbering
        "object_type": "brunnen", "classifications": ["baudenkmal"],
        "title": "Neptunbrunnen im Schlosshof",
        "titles": _en("Neptune fountain in the palace courtyard"),
        "descriptions": _desc(
            "Der Neptunbrunnen in der Südostecke des Merseburger Schlosshofes ist ein Schöpfbrunnen aus "
            "Sandstein auf dreieckigem, geschwungenem Grundriss. Auf dem Brunnenhaus erhebt sich der "
            "Meeresgott Neptun mit dem Dreizack über drei Seepferden (Hippokampen). Der Entwurf wird mit "
            "Melchior Brenner und dem Umbau des Schlosses ab 1605 verbunden; die genaue Entstehungszeit "
            "wird in der Literatur unterschiedlich angegeben.",
            "The Neptune fountain in the south-east corner of the palace courtyard is a draw well of "
            "sandstone on a triangular, curved plan. On top of the well house the sea god Neptune with "
            "his trident rises above three sea horses (hippocamps). The design is associated with Melchior "
            "Brenner and the rebuilding of the palace from 1605; the exact date is given differently in "
            "the literature."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "17. Jh.", "places": ["merseburg"],
             "actors": [{"agent": "brenner", "role": "baumeister", "qualifier": "zugeschrieben"}],
             "materials": ["sandstein"], "techniques": ["steinmetz"], "materials_display": "Sandstein",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["neptun", "renaissance"], [], ["merseburg"]),
        "related": [{"identifier": "schloss-merseburg", "type": "teil_von"}],
        "provenance": "",
        "credit_line": "Kulturhistorisches Museum Schloss Merseburg",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "fountain", "width": 2400, "height": 3000, "caption": "Ansicht",
             "caption_en": "View", "label": "Neptunbrunnen"},
        ],
    },
    {
        "identifier": "schloss-rabenkaefig",
        "institution": "museum", "collection": "schloss",
        "inventory_number": "KHM-B 3",  # demonstration numbering
        "object_type": "ausstattung", "classifications": ["baudenkmal"],
        "title": "Rabenkäfig am Merseburger Schloss",
        "titles": _en("Raven cage at Merseburg Palace"),
        "descriptions": _desc(
            "Im steinernen Rabenkäfig im Vorhof des Merseburger Schlosses werden lebende Kolkraben gehalten. "
            "Der Brauch erinnert an die Sage um Bischof Thilo von Trotha: Er ließ einen Diener wegen eines "
            "verschwundenen Ringes hinrichten; später fand man den Ring im Nest eines Raben. Thilos Wappen "
            "zeigt einen Raben mit einem Ring im Schnabel. Die älteste überlieferte Fassung der Sage zeichnete "
            "der Merseburger Georg Möbius 1668 auf – und hielt sie schon damals für eine Fabel, weil die "
            "Familie von Trotha das Rabenwappen bereits zuvor geführt habe.",
            "Live ravens are kept in the stone raven cage in the forecourt of Merseburg Palace. The custom "
            "recalls the legend of Bishop Thilo von Trotha: he had a servant executed over a missing ring, "
            "which was later found in a raven's nest. Thilo's coat of arms shows a raven with a ring in its "
            "beak. The oldest recorded version of the legend was written down by Georg Möbius of Merseburg "
            "in 1668, who already dismissed it as a fable because the Trotha family had borne the raven "
            "arms before."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "1887", "places": ["merseburg"], "actors": [],
             "materials": ["stein"], "techniques": ["steinmetz"], "materials_display": "Stein; Rabenfigur aus Buntsandstein",
             "method": None,
             "description": "Die Rabenfigur aus Buntsandstein auf dem Dach des steinernen Käfigs stammt von 1887; "
                            "die Entstehungszeit des Käfigs selbst ist hier nicht belegt."},
            {"type": "construction", "date": "2006", "places": ["merseburg"], "actors": [],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Erweiterung um ein Rabenhaus mit Voliere; seither wird ein Rabenpaar gehalten."},
        ],
        "subjects": _subjects(["sage", "rabe"], ["thilo"], ["merseburg"]),
        "related": [{"identifier": "schloss-merseburg", "type": "teil_von"}],
        "provenance": "",
        "credit_line": "Kulturhistorisches Museum Schloss Merseburg",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "photo_object", "width": 2000, "height": 2600, "caption": "Rabenkäfig",
             "caption_en": "Raven cage", "label": "Rabenkäfig", "shape": "generic"},
        ],
    },
    {
        "identifier": "khm-brakteat-bistum-merseburg",
        "institution": "museum", "collection": "muenzen",
        "inventory_number": "KHM-M 101",  # demonstration numbering
        "object_type": "muenze", "classifications": ["numismatik"],
        "title": "Brakteat der Bischöfe von Merseburg",
        "titles": _en("Bracteate of the bishops of Merseburg"),
        "descriptions": _desc(
            "Brakteaten sind einseitig geprägte, dünne Silberpfennige, wie sie im 12. und 13. Jahrhundert "
            "in Mitteldeutschland verbreitet waren. Auch die Bischöfe von Merseburg ließen Münzen dieser "
            "Art schlagen; das Münzbild zeigt einen Bischof.",
            "Bracteates are thin silver pennies struck on one side only, common in central Germany in the "
            "12th and 13th centuries. The bishops of Merseburg also had coins of this kind struck; the "
            "coin image shows a bishop."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "12./13. Jh.", "places": ["merseburg"], "actors": [],
             "materials": ["silber"], "techniques": ["praegung"], "materials_display": "Silber, geprägt",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["bistum_merseburg", "romanik"], [], ["merseburg"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturhistorisches Museum Schloss Merseburg",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "medal", "width": 2000, "height": 2000, "caption": "Vorderseite",
             "caption_en": "Obverse", "legend": "", "center": ["Bischof"], "metal": "silver", "reverse": False},
        ],
    },
    # -- Baudenkmale -------------------------------------------------------
    {
        "identifier": "denkmal-altes-rathaus-merseburg",
        "institution": "denkmale", "collection": "baudenkmale",
        "inventory_number": "BD-MER-001",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal"],
        "title": "Altes Rathaus Merseburg",
        "titles": _en("Old Town Hall, Merseburg"),
        "descriptions": _desc(
            "Das Alte Rathaus am Merseburger Markt ist ein spätmittelalterlicher Bau mit späteren "
            "Umbauten. Es war über Jahrhunderte Sitz der städtischen Verwaltung.",
            "The Old Town Hall on Merseburg's market square is a late medieval building with later "
            "alterations. For centuries it was the seat of the municipal administration."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "15./16. Jh.", "places": ["merseburg"], "actors": [],
             "materials": [], "techniques": ["mauerwerk"], "materials_display": "", "method": None,
             "description": ""},
        ],
        "subjects": _subjects(["stadtverwaltung", "spaetgotik"], [], ["merseburg"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 3000, "height": 2100, "caption": "Marktseite",
             "caption_en": "Market front", "style": "house", "label": "Altes Rathaus Merseburg"},
        ],
    },
    {
        "identifier": "denkmal-staendehaus-merseburg",
        "institution": "denkmale", "collection": "baudenkmale",
        "inventory_number": "BD-MER-002",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal"],
        "title": "Ständehaus Merseburg",
        "titles": _en("Ständehaus (House of the Estates), Merseburg"),
        "descriptions": _desc(
            "Das Ständehaus wurde 1892–1895 als Tagungsort des Provinziallandtags der preußischen Provinz "
            "Sachsen errichtet; der Grundstein wurde am 7. September 1892 gelegt, im April 1895 tagte "
            "erstmals der Provinzialausschuss im neuen Plenarsaal. Den Entwurf lieferte Franz Schwechten, "
            "ausgeführt wurde der Bau von den halleschen Architekten Knoch und Kallmeyer. Der Plenarsaal "
            "erhielt Historiengemälde von Hugo Vogel. Bis 1933 tagte hier der Provinziallandtag; seit 2003 "
            "dient das restaurierte Haus als Kongress- und Kulturzentrum.",
            "The Ständehaus was built in 1892–1895 as the meeting place of the provincial diet of the "
            "Prussian Province of Saxony; the foundation stone was laid on 7 September 1892, and in April "
            "1895 the provincial committee first met in the new plenary hall. Franz Schwechten supplied "
            "the design, and the Halle architects Knoch and Kallmeyer carried it out. The plenary hall "
            "received history paintings by Hugo Vogel. The provincial diet met here until 1933; since "
            "2003 the restored building has served as a congress and cultural centre."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "1892–1895", "places": ["merseburg"],
             "actors": [{"agent": "schwechten", "role": "architekt", "qualifier": "Entwurf"}],
             "materials": [], "techniques": ["mauerwerk"], "materials_display": "", "method": None,
             "description": ""},
        ],
        "subjects": _subjects(["landtag", "historismus", "kaiserreich"], [], ["merseburg"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 3200, "height": 2200, "caption": "Hauptfassade",
             "caption_en": "Main façade", "style": "house", "label": "Ständehaus Merseburg"},
        ],
    },
    {
        "identifier": "denkmal-doppelkapelle-landsberg",
        "institution": "denkmale", "collection": "baudenkmale",
        "inventory_number": "BD-SK-010",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal", "sakralkunst"],
        "title": "Doppelkapelle St. Crucis in Landsberg",
        "titles": _en("Double chapel of the Holy Cross, Landsberg"),
        "descriptions": _desc(
            "Die spätromanische Doppelkapelle St. Crucis auf einer Porphyrkuppe über Landsberg ist der "
            "einzige erhaltene Bau der Burg, die der Wettiner Dietrich, Sohn Konrads des Großen, um 1170 "
            "errichten ließ. Zwei übereinanderliegende Kapellenräume sind durch eine Öffnung verbunden – "
            "eine Bauform aus dem Umfeld des staufischen Kaiserhauses. Das dritte Geschoss kam in "
            "spätgotischer Zeit hinzu. Die Kapelle ist eine Station der Straße der Romanik.",
            "The late Romanesque double chapel of the Holy Cross on a porphyry hill above Landsberg is "
            "the only surviving building of the castle that Dietrich of Wettin, son of Conrad the Great, "
            "built around 1170. Two chapels one above the other are connected by an opening, a form "
            "associated with the Hohenstaufen imperial court. The third storey was added in the late "
            "Gothic period. The chapel is a station on the Romanesque Road."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "um 1170", "places": ["landsberg"],
             "actors": [{"agent": "dietrich_landsberg", "role": "bauherr", "qualifier": ""}],
             "materials": ["stein"], "techniques": ["mauerwerk"], "materials_display": "Naturstein",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["romanik", "burg", "wettiner"], ["dietrich_landsberg"], ["landsberg"]),
        "related": [{"identifier": "denkmal-stiftskirche-petersberg", "type": "verwandt"}],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 2800, "height": 2100, "caption": "Außenansicht",
             "caption_en": "Exterior", "style": "church", "label": "Doppelkapelle Landsberg"},
        ],
    },
    {
        "identifier": "denkmal-stiftskirche-petersberg",
        "institution": "denkmale", "collection": "baudenkmale",
        "inventory_number": "BD-SK-011",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal", "sakralkunst"],
        "title": "Stiftskirche St. Petrus auf dem Petersberg",
        "titles": _en("Collegiate church of St Peter on the Petersberg"),
        "descriptions": _desc(
            "Auf dem Petersberg (im Mittelalter Lauterberg), der höchsten Erhebung des Saalekreises, "
            "gründeten die Wettiner Dedo IV. und Konrad der Große 1124 ein Augustiner-Chorherrenstift als "
            "Grablege ihres Hauses. Die romanische Stiftskirche, eine dreischiffige kreuzförmige Basilika, "
            "wurde ab 1142 errichtet. Zwischen 1145 und 1217 wurden hier zehn Mitglieder der Familie "
            "bestattet, darunter 1157 Konrad der Große. Nach einem Brand infolge Blitzschlags 1565 ließ "
            "Kurfürst August von Sachsen über den Gräbern ein Kenotaph errichten; 1853–1857 wurde die Kirche "
            "im Auftrag König Friedrich Wilhelms IV. wiederhergestellt. Seit 1999 lebt hier wieder eine "
            "geistliche Gemeinschaft.",
            "On the Petersberg (in the Middle Ages the Lauterberg), the highest hill in the Saalekreis, "
            "the Wettin brothers Dedo IV and Conrad the Great founded a house of Augustinian canons in 1124 "
            "as the burial place of their dynasty. The Romanesque collegiate church, an aisled cruciform "
            "basilica, was built from 1142. Ten members of the family were buried here between 1145 and "
            "1217, among them Conrad the Great in 1157. After a fire caused by lightning in 1565, Elector "
            "August of Saxony had a cenotaph built over the graves; in 1853–1857 the church was restored on "
            "the orders of King Frederick William IV. Since 1999 a religious community has lived here again."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "ab 1142", "places": ["petersberg"],
             "actors": [{"agent": "konrad_wettin", "role": "bauherr", "qualifier": ""}],
             "materials": ["stein"], "techniques": ["mauerwerk"], "materials_display": "Naturstein",
             "method": None, "description": "Bau der Stiftskirche nach Gründung des Stifts 1124."},
            {"type": "restoration", "date": "1853–1857", "places": ["petersberg"], "actors": [],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Wiederherstellung der 1565 durch Brand beschädigten Kirche."},
            {"type": "use", "date": "1157", "places": ["petersberg"],
             "actors": [{"agent": "konrad_wettin", "role": "bestatteter", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Bestattung Konrads des Großen."},
        ],
        "subjects": _subjects(["wettiner", "bestattung", "romanik"], ["konrad_wettin"], ["petersberg"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 3000, "height": 2000, "caption": "Ansicht von Westen",
             "caption_en": "View from the west", "style": "church", "label": "Stiftskirche Petersberg"},
        ],
    },
    {
        "identifier": "denkmal-burg-querfurt",
        "institution": "denkmale", "collection": "baudenkmale",
        "inventory_number": "BD-SK-020",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal"],
        "title": "Burg Querfurt",
        "titles": _en("Querfurt Castle"),
        "descriptions": _desc(
            "Burg Querfurt ist mit rund 3,5 Hektar eine der flächengrößten mittelalterlichen Burganlagen "
            "Deutschlands. Querfurt wird im Hersfelder Zehntverzeichnis (881–899) erstmals genannt, 979 "
            "in einer Urkunde Ottos II. als castellum bezeichnet. Seit dem 10. Jahrhundert war die Burg "
            "Stammsitz der Edelherren von Querfurt, aus deren Geschlecht der Missionar Brun von Querfurt "
            "stammte; nach ihrem Aussterben 1496 fiel sie an das Erzstift Magdeburg. Zur Anlage gehören "
            "die romanische Burgkirche und der Bergfried „Dicker Heinrich“; heute beherbergt sie ein Museum.",
            "Querfurt Castle, covering about 3.5 hectares, is one of the largest medieval castle complexes "
            "in Germany by area. Querfurt is first named in the Hersfeld tithe register (881–899) and "
            "called a castellum in a charter of Otto II of 979. From the 10th century the castle was the "
            "seat of the lords of Querfurt, the family of the missionary Bruno of Querfurt; when they died "
            "out in 1496 it passed to the Archbishopric of Magdeburg. The complex includes the Romanesque "
            "castle church and the keep known as “Dicker Heinrich”; today it houses a museum."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "ab 10. Jh.", "places": ["querfurt"], "actors": [],
             "materials": ["stein"], "techniques": ["mauerwerk"], "materials_display": "Naturstein",
             "method": None, "description": "Älteste erhaltene Bausubstanz aus dem 10. Jahrhundert; Ausbau bis ins 14. Jahrhundert "
                            "(u. a. Bergfried „Dicker Heinrich“ Anfang 12. Jh., äußere Ringmauer um 1350)."},
        ],
        "subjects": _subjects(["burg", "romanik"], ["bruno_querfurt"], ["querfurt"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 3400, "height": 2200, "caption": "Gesamtansicht",
             "caption_en": "General view", "style": "castle", "label": "Burg Querfurt"},
        ],
    },
    {
        "identifier": "denkmal-schloss-schkopau",
        "institution": "denkmale", "collection": "baudenkmale",
        "inventory_number": "BD-SK-021",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal"],
        "title": "Schloss Schkopau",
        "titles": _en("Schkopau Palace"),
        "descriptions": _desc(
            "Schloss Schkopau liegt auf einem Hügel zwischen dem Ort und der Saale. Die Burg wird 1215 "
            "erstmals urkundlich erwähnt; 1477 kam sie an die Familie von Trotha, die sie bis 1945 "
            "besaß. 1554–1558 wurden die südlichen Burgteile unter Einbeziehung des mittelalterlichen "
            "Bergfrieds zum Wohnschloss umgebaut, 1876 erfolgte ein Umbau im Stil der Neorenaissance. "
            "Heute dient das Schloss als Hotel.",
            "Schkopau Palace stands on a hill between the village and the Saale. The castle is first "
            "recorded in 1215; in 1477 it passed to the von Trotha family, who held it until 1945. In "
            "1554–1558 the southern parts were rebuilt as a residence incorporating the medieval keep, "
            "and in 1876 it was remodelled in Neo-Renaissance style. Today the palace is a hotel."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "1554–1558", "places": ["schkopau"], "actors": [],
             "materials": [], "techniques": ["mauerwerk"], "materials_display": "", "method": None,
             "description": "Umbau der südlichen Burgteile zum Wohnschloss der Familie von Trotha; "
                            "Ersterwähnung der Burg 1215."},
            {"type": "construction", "date": "1876", "places": ["schkopau"], "actors": [],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Umbau im Stil der Neorenaissance."},
        ],
        "subjects": _subjects(["burg", "residenz", "renaissance"], [], ["schkopau"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 2800, "height": 1900, "caption": "Ansicht",
             "caption_en": "View", "style": "castle", "label": "Schloss Schkopau"},
        ],
    },
    {
        "identifier": "denkmal-gradierwerk-bad-duerrenberg",
        "institution": "denkmale", "collection": "technikdenkmale",
        "inventory_number": "TD-SK-001",  # demonstration numbering
        "object_type": "technisches_denkmal", "classifications": ["industriekultur"],
        "title": "Gradierwerk Bad Dürrenberg",
        "titles": _en("Graduation tower, Bad Dürrenberg"),
        "descriptions": _desc(
            "Nach 19 Jahren Schachtarbeit stieß der kursächsische Bergrat Johann Gottfried Borlach am "
            "15. September 1763 in 223 Metern Tiefe auf Sole; wenige Tage später begann der Bau des ersten "
            "Gradierwerks. In den rund 12 Meter hohen Holzgerüsten rieselt die Sole über Schwarzdorn-Reisig "
            "und wird durch Verdunstung konzentriert. Mit über 630 Metern ist das Bad Dürrenberger "
            "Gradierwerk das längste zusammenhängend erhaltene Deutschlands; die Salzgewinnung endete 1963, "
            "die Kurnutzung begann 1846.",
            "After 19 years of shaft sinking, the Saxon mining official Johann Gottfried Borlach struck "
            "brine at a depth of 223 metres on 15 September 1763; building of the first graduation works "
            "began a few days later. In the timber frames, about 12 metres high, the brine trickles over "
            "blackthorn brushwood and is concentrated by evaporation. At more than 630 metres, the Bad "
            "Dürrenberg graduation works are the longest continuous surviving example in Germany; salt "
            "production ended in 1963, spa use began in 1846."),
        "inscriptions": [],
        "measurements": [{"type": "Höhe", "value": "12", "unit": "m"}],
        "dimensions_display": "über 630 m lang, ca. 12 m hoch",
        "events": [
            {"type": "construction", "date": "ab 1763", "places": ["bad_duerrenberg"],
             "actors": [{"agent": "borlach", "role": "bauherr", "qualifier": ""}],
             "materials": ["holz"], "techniques": [], "materials_display": "Holz, Schwarzdorn-Reisig", "method": None,
             "description": "Baubeginn des ersten Gradierwerks wenige Tage nach der Erschließung der Sole am 15. September 1763; "
                            "später mehrfach erweitert und umgebaut."},
            {"type": "use", "date": "1846", "places": ["bad_duerrenberg"], "actors": [],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Beginn der medizinischen Nutzung (Kurbetrieb)."},
        ],
        "subjects": _subjects(["salzgewinnung", "kurwesen"], ["borlach"], ["bad_duerrenberg"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "industrial", "width": 3400, "height": 1800, "caption": "Gradierwerk",
             "caption_en": "Graduation tower", "label": "Gradierwerk Bad Dürrenberg"},
        ],
    },
    {
        "identifier": "ks-karte-kulturerbe-saalekreis",
        "institution": "denkmale", "collection": "baudenkmale",
        "inventory_number": "KS-K 1",  # demonstration numbering
        "object_type": "karte", "classifications": ["kartografie"],
        "title": "Übersichtskarte: Kulturerbe im Saalekreis",
        "titles": _en("Overview map: cultural heritage in the Saalekreis"),
        "descriptions": _desc(
            "Vom Archiv Kulturschatz Merseburg erstellte Übersichtskarte der in diesem Katalog "
            "dokumentierten Orte im Saalekreis, von Merseburg und Leuna bis Querfurt, Landsberg und "
            "Petersberg.",
            "Overview map produced by the Kulturschatz Merseburg archive, showing the places in the "
            "Saalekreis documented in this catalogue, from Merseburg and Leuna to Querfurt, Landsberg and "
            "Petersberg."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "2024", "places": ["merseburg"],
             "actors": [{"agent": "kulturschatz", "role": "hersteller", "qualifier": ""}],
             "materials": [], "techniques": ["digitale_kartografie"], "materials_display": "digital",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["kulturlandschaft"], [],
                              ["saalekreis", "merseburg", "leuna", "querfurt", "landsberg", "petersberg"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg",
        "rights": CC_BY_4, "metadata_rights": CC0,
        "images": [
            {"render": "map", "width": 5000, "height": 3600, "caption": "Übersichtskarte",
             "caption_en": "Overview map", "label": "Kulturerbe im Saalekreis",
             "towns": ["Merseburg", "Leuna", "Schkopau", "Bad Lauchstädt", "Bad Dürrenberg", "Querfurt",
                       "Landsberg", "Petersberg", "Halle (Saale)"]},
        ],
    },
    # -- Chemie ------------------------------------------------------------
    {
        "identifier": "dcm-leuna-werke-lageplan",
        "institution": "chemiemuseum", "collection": "chemie",
        "inventory_number": "DCM-P 1",  # demonstration numbering
        "object_type": "plan", "classifications": ["industriekultur"],
        "title": "Lageplan der Leuna-Werke",
        "titles": _en("Site plan of the Leuna-Werke"),
        "descriptions": _desc(
            "Großformatiger Lageplan des Werksgeländes der Leuna-Werke. Das Werk wurde 1916 von der BASF "
            "als „Ammoniakwerk Merseburg“ gegründet und produzierte ab 1917 Ammoniak nach dem "
            "Haber-Bosch-Verfahren. Der Plan verzeichnet Produktionsanlagen, Kraftwerk und Werksbahn.",
            "Large-format site plan of the Leuna-Werke. The works were founded by BASF in 1916 as the "
            "Merseburg ammonia works and produced ammonia by the Haber-Bosch process from 1917. The plan "
            "records production plant, power station and works railway."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "20. Jh.", "places": ["leuna"],
             "actors": [{"agent": "leuna_werke", "role": "hersteller", "qualifier": ""}],
             "materials": ["papier"], "techniques": ["zeichnung"], "materials_display": "Papier",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["chemische_industrie", "ammoniaksynthese"], ["leuna_werke", "basf"], ["leuna"]),
        "related": [{"identifier": "denkmal-leuna-werke", "type": "verwandt"}],
        "provenance": "",
        "credit_line": "Deutsches Chemie-Museum Merseburg",
        "rights": RS_INC, "metadata_rights": CC0,
        "images": [
            {"render": "plan", "width": 10500, "height": 7400, "caption": "Gesamtplan",
             "caption_en": "Complete plan", "label": "Leuna-Werke, Lageplan", "seed": 1916,
             "legend_items": ["Ammoniaksynthese", "Gaserzeugung", "Kraftwerk", "Werksbahn", "Verwaltung"]},
        ],
    },
    {
        "identifier": "denkmal-leuna-werke",
        "institution": "denkmale", "collection": "technikdenkmale",
        "inventory_number": "TD-SK-010",  # demonstration numbering
        "object_type": "technisches_denkmal", "classifications": ["industriekultur"],
        "title": "Leuna-Werke",
        "titles": _en("Leuna-Werke (Leuna chemical works)"),
        "descriptions": _desc(
            "Die BASF gründete das Werk 1916 als „Ammoniakwerk Merseburg“; Grundsteinlegung war am 25. Mai "
            "1916, und nach weniger als einem Jahr Bauzeit unter der Leitung von Carl Bosch ging am "
            "27. April 1917 der erste Ammoniak-Syntheseofen nach dem Haber-Bosch-Verfahren in Betrieb. Die Leuna-Werke wurden zu einem der größten "
            "Chemiestandorte Deutschlands; nach einer Phase als sowjetische Aktiengesellschaft "
            "(1945–1954) trugen sie in der DDR den Namen „VEB Leuna-Werke Walter Ulbricht“. Heute ist "
            "Leuna ein Chemiepark.",
            "BASF founded the works in 1916 as the Merseburg ammonia works; the foundation stone was laid "
            "on 25 May 1916, and on 27 April 1917, after less than a year of construction under Carl "
            "Bosch, the first ammonia synthesis reactor went into operation (Haber-Bosch process). The Leuna-Werke became one of Germany's largest "
            "chemical sites; after a period as a Soviet joint-stock company (1945–1954) they were named "
            "VEB Leuna-Werke Walter Ulbricht in the GDR. Today Leuna is a chemical park."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "1916–1917", "places": ["leuna"],
             "actors": [{"agent": "basf", "role": "gruender", "qualifier": ""},
                        {"agent": "carl_bosch", "role": "bauherr", "qualifier": "Bauleitung"}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Grundsteinlegung 25. Mai 1916; erster Ammoniak-Syntheseofen in Betrieb am 27. April 1917."},
            {"type": "use", "date": "1954–1990", "places": ["leuna"],
             "actors": [{"agent": "leuna_werke", "role": "betreiber", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Betrieb als VEB Leuna-Werke „Walter Ulbricht“."},
        ],
        "subjects": _subjects(["chemische_industrie", "ammoniaksynthese", "kaiserreich", "ddr"],
                              ["basf", "leuna_werke"], ["leuna"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "industrial", "width": 3500, "height": 2300, "caption": "Werksansicht",
             "caption_en": "View of the works", "label": "Leuna-Werke"},
            {"render": "industrial", "width": 2400, "height": 1600, "caption": "Anlagen der Ammoniaksynthese",
             "caption_en": "Ammonia synthesis plant", "label": "Ammoniakwerk Merseburg"},
        ],
    },
    {
        "identifier": "denkmal-buna-werke-schkopau",
        "institution": "denkmale", "collection": "technikdenkmale",
        "inventory_number": "TD-SK-011",  # demonstration numbering
        "object_type": "technisches_denkmal", "classifications": ["industriekultur"],
        "title": "Buna-Werke Schkopau",
        "titles": _en("Buna-Werke, Schkopau"),
        "descriptions": _desc(
            "Im April 1936 wurde in Schkopau der Grundstein für das weltweit erste Werk zur großtechnischen "
            "Herstellung von synthetischem Kautschuk gelegt, eine Gründung der I.G. Farben; der Name Buna "
            "leitet sich von Butadien und Natrium ab. Die Produktion begann 1937. Im Zweiten Weltkrieg "
            "errichteten die I.G. Farben ein weiteres Buna-Werk in Auschwitz-Monowitz, in dem KZ-Häftlinge "
            "und Zwangsarbeiter ausgebeutet wurden. Nach einer Phase als sowjetische Aktiengesellschaft "
            "wurde das Werk 1954 zum VEB Chemische Werke Buna; bekannt wurde der Werbespruch „Plaste und "
            "Elaste aus Schkopau“. Der Standort wird bis heute chemisch genutzt.",
            "In April 1936 the foundation stone was laid at Schkopau for the world's first plant for the "
            "large-scale production of synthetic rubber, founded by I.G. Farben; the name Buna derives "
            "from butadiene and sodium (Na). Production began in 1937. During the Second World War I.G. "
            "Farben built a further Buna plant at Auschwitz-Monowitz, where concentration camp prisoners "
            "and forced labourers were exploited. After a period as a Soviet joint-stock company the works "
            "became VEB Chemische Werke Buna in 1954, known for the slogan “Plaste und Elaste aus "
            "Schkopau”. The site is still used by the chemical industry."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "1936–1937", "places": ["schkopau"],
             "actors": [{"agent": "ig_farben", "role": "gruender", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Grundsteinlegung im April 1936, Produktionsbeginn 1937."},
            {"type": "use", "date": "1954–1990", "places": ["schkopau"],
             "actors": [{"agent": "buna_werke", "role": "betreiber", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None, "description": ""},
        ],
        "subjects": _subjects(["chemische_industrie", "synthesekautschuk", "ns_zeit", "ddr"],
                              ["ig_farben", "buna_werke"], ["schkopau"]),
        "related": [],
        "provenance": "",
        "credit_line": "Kulturschatz Merseburg, Denkmaldokumentation",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "industrial", "width": 3400, "height": 2200, "caption": "Werksansicht",
             "caption_en": "View of the works", "label": "Buna-Werke Schkopau"},
        ],
    },
    {
        "identifier": "dcm-plaste-und-elaste",
        "institution": "chemiemuseum", "collection": "chemie",
        "inventory_number": "DCM-W 7",  # demonstration numbering
        "object_type": "plakat", "classifications": ["industriekultur"],
        "title": "„Plaste und Elaste aus Schkopau“",
        "titles": _en("“Plaste und Elaste aus Schkopau” (plastics and elastomers from Schkopau)"),
        "descriptions": _desc(
            "Werbegrafik mit dem Slogan „Plaste und Elaste aus Schkopau“, mit dem in der DDR für die "
            "Kunststoffe des VEB Chemische Werke Buna geworben wurde. Bekannt wurde der Spruch vor allem "
            "durch eine Leuchtreklame an der Autobahn; „Plaste“ und „Elaste“ waren in der DDR übliche "
            "Kurzwörter für Kunststoffe und Elastomere.",
            "Advertising graphic with the slogan “Plaste und Elaste aus Schkopau”, used in the GDR to "
            "promote the plastics of VEB Chemische Werke Buna. The phrase became famous above all through "
            "an illuminated sign on the motorway; “Plaste” and “Elaste” were the usual GDR words for "
            "plastics and elastomers."),
        "inscriptions": [
            {"kind": "Slogan", "transcription": "Plaste und Elaste aus Schkopau", "description": "", "lang": "de"},
        ],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "1954–1990", "places": ["schkopau"],
             "actors": [{"agent": "buna_werke", "role": "auftraggeber", "qualifier": ""}],
             "materials": ["papier"], "techniques": [], "materials_display": "Papier", "method": None,
             "description": ""},
        ],
        "subjects": _subjects(["werbung", "synthesekautschuk", "ddr"], ["buna_werke"], ["schkopau"]),
        "related": [{"identifier": "denkmal-buna-werke-schkopau", "type": "verwandt"}],
        "provenance": "",
        "credit_line": "Deutsches Chemie-Museum Merseburg",
        "rights": RS_INC, "metadata_rights": CC0,
        "images": [
            {"render": "printed_page", "width": 2400, "height": 3400, "caption": "Werbegrafik",
             "caption_en": "Advertising graphic", "heading": "Plaste und Elaste aus Schkopau",
             "lines": ["VEB Chemische Werke Buna"], "footer": "Schkopau"},
        ],
    },
    {
        "identifier": "dcm-technikpark",
        "institution": "chemiemuseum", "collection": "chemie",
        "inventory_number": "DCM-T 1",  # demonstration numbering
        "object_type": "technisches_denkmal", "classifications": ["industriekultur"],
        "title": "Technikpark des Deutschen Chemie-Museums Merseburg",
        "titles": _en("Technical park of the German Chemistry Museum Merseburg"),
        "descriptions": _desc(
            "Im Technikpark des 1993 gegründeten Deutschen Chemie-Museums auf dem Campus der Hochschule "
            "Merseburg sind rund 300 großtechnische Exponate aus der mitteldeutschen Chemieindustrie im "
            "Freigelände aufgestellt, viele davon nach 1990 beim Abbruch von Anlagen in Leuna und Buna "
            "geborgen. Zu den Hauptstücken gehören eine rekonstruierte Ammoniak-Synthesekammer aus den "
            "Anfangsjahren des Haber-Bosch-Verfahrens und eine große Umlaufpumpe von 1925.",
            "The technical park of the German Chemistry Museum, founded in 1993 on the campus of Merseburg "
            "University of Applied Sciences, displays about 300 large industrial exhibits from the central "
            "German chemical industry in the open air, many rescued after 1990 when plants at Leuna and "
            "Buna were demolished. Highlights include a reconstructed ammonia synthesis chamber from the "
            "early years of the Haber-Bosch process and a large circulation pump of 1925."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "nach 1993", "places": ["merseburg"], "actors": [],
             "materials": ["metall"], "techniques": [], "materials_display": "Stahl, Metall", "method": None,
             "description": "Aufbau des Technikparks nach Gründung des Museums 1993."},
        ],
        "subjects": _subjects(["chemische_industrie"], ["leuna_werke", "buna_werke"], ["merseburg"]),
        "related": [{"identifier": "denkmal-leuna-werke", "type": "verwandt"},
                    {"identifier": "denkmal-buna-werke-schkopau", "type": "verwandt"}],
        "provenance": "",
        "credit_line": "Deutsches Chemie-Museum Merseburg",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "industrial", "width": 3200, "height": 2100, "caption": "Freigelände",
             "caption_en": "Open-air site", "label": "Technikpark Merseburg"},
        ],
    },
    # -- Bad Lauchstädt ---------------------------------------------------
    {
        "identifier": "gtl-goethe-theater",
        "institution": "lauchstaedt", "collection": "goethe_theater",
        "inventory_number": "GTL-B 1",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal"],
        "title": "Goethe-Theater Bad Lauchstädt",
        "titles": _en("Goethe Theatre, Bad Lauchstädt"),
        "descriptions": _desc(
            "Das Theater wurde 1802 nach Plänen von Heinrich Gentz unter Goethes Leitung als "
            "Sommerspielstätte des Weimarer Hoftheaters erbaut; Goethe bestimmte Bühnentechnik und "
            "Ausstattung maßgeblich mit und trug einen Teil der Baukosten selbst. Es wurde am 26. Juni 1802 "
            "vor 672 Zuschauern mit Goethes Vorspiel „Was wir bringen“ und Mozarts Oper „La clemenza di "
            "Tito“ („Titus“) eröffnet. Es gilt als einziges original erhaltenes Theatergebäude der "
            "Goethezeit und wird bis heute bespielt; die Bühnenmaschinerie ist erhalten.",
            "The theatre was built in 1802 to plans by Heinrich Gentz under Goethe's direction as the "
            "summer stage of the Weimar court theatre; Goethe largely determined the stage machinery and "
            "interior and paid part of the building costs himself. It opened on 26 June 1802 before 672 "
            "spectators with Goethe's prologue “Was wir bringen” and Mozart's opera La clemenza di Tito "
            "(“Titus”). It is considered the only original surviving theatre building of Goethe's time and "
            "is still in use; its stage machinery survives."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "1802", "places": ["bad_lauchstaedt"],
             "actors": [{"agent": "gentz", "role": "architekt", "qualifier": ""},
                        {"agent": "goethe", "role": "bauherr", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None, "description": ""},
            {"type": "use", "date": "26. Juni 1802", "places": ["bad_lauchstaedt"],
             "actors": [{"agent": "goethe", "role": "verfasser", "qualifier": ""},
                        {"agent": "mozart", "role": "komponist", "qualifier": ""}],
             "materials": [], "techniques": [], "materials_display": "", "method": None,
             "description": "Eröffnung mit „Was wir bringen“ und „La clemenza di Tito“."},
        ],
        "subjects": _subjects(["theater", "klassizismus"], ["goethe", "gentz", "mozart"], ["bad_lauchstaedt", "weimar"]),
        "related": [{"identifier": "gtl-kuranlagen", "type": "verwandt"}],
        "provenance": "",
        "credit_line": "Historische Kuranlagen und Goethe-Theater Bad Lauchstädt",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 4800, "height": 3200, "caption": "Außenansicht",
             "caption_en": "Exterior", "style": "theatre", "label": "Goethe-Theater Bad Lauchstädt"},
            {"render": "plan", "width": 3000, "height": 2200, "caption": "Grundriss (schematisch)",
             "caption_en": "Ground plan (schematic)", "label": "Goethe-Theater, Grundriss", "seed": 1802,
             "legend_items": ["Bühne", "Zuschauerraum", "Foyer"]},
        ],
    },
    {
        "identifier": "gtl-was-wir-bringen",
        "institution": "lauchstaedt", "collection": "goethe_theater",
        "inventory_number": "GTL-D 1",  # demonstration numbering
        "object_type": "druckschrift", "classifications": ["schriftgut"],
        "title": "Goethe: Was wir bringen. Vorspiel zur Eröffnung des Theaters in Lauchstädt",
        "titles": _en("Goethe: Was wir bringen (What we bring), prologue for the opening of the Lauchstädt theatre"),
        "descriptions": _desc(
            "Goethes Vorspiel „Was wir bringen“ wurde zur Eröffnung des neuen Lauchstädter Theaters am "
            "26. Juni 1802 gespielt. Das allegorische Stück stellt die Gattungen des Theaters vor, die "
            "die Weimarer Truppe in Lauchstädt darbieten wollte.",
            "Goethe's prologue “Was wir bringen” was performed at the opening of the new Lauchstädt "
            "theatre on 26 June 1802. The allegorical piece presents the genres of theatre the Weimar "
            "company intended to offer at Lauchstädt."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "1802", "places": [],
             "actors": [{"agent": "goethe", "role": "verfasser", "qualifier": ""}],
             "materials": ["papier"], "techniques": ["buchdruck"], "materials_display": "Papier, Buchdruck",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["theater", "klassizismus"], ["goethe"], ["bad_lauchstaedt"]),
        "related": [{"identifier": "gtl-goethe-theater", "type": "verwandt"}],
        "provenance": "",
        "credit_line": "Historische Kuranlagen und Goethe-Theater Bad Lauchstädt",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "printed_page", "width": 2400, "height": 3600, "caption": "Titelseite",
             "caption_en": "Title page", "heading": "Was wir bringen",
             "lines": ["Vorspiel", "bey Eröffnung des neuen Schauspielhauses", "zu Lauchstädt", "von Goethe"],
             "footer": "1802"},
        ],
    },
    {
        "identifier": "gtl-kuranlagen",
        "institution": "lauchstaedt", "collection": "goethe_theater",
        "inventory_number": "GTL-B 2",  # demonstration numbering
        "object_type": "bauwerk", "classifications": ["baudenkmal"],
        "title": "Historische Kuranlagen Bad Lauchstädt",
        "titles": _en("Historic spa buildings, Bad Lauchstädt"),
        "descriptions": _desc(
            "Die historischen Kuranlagen mit Kursaal, Kolonnaden und Teichen entstanden 1776–1787, als "
            "Lauchstädt ein Modebad des Adels und reicher Bürger war und als „sächsisches Pyrmont“ galt. "
            "Zusammen mit dem Goethe-Theater bilden sie ein geschlossenes Ensemble der Bäderkultur.",
            "The historic spa buildings with the assembly hall, colonnades and ponds were created in "
            "1776–1787, when Lauchstädt was a fashionable spa of the nobility and wealthy burghers, known "
            "as the “Saxon Pyrmont”. Together "
            "with the Goethe Theatre they form a coherent ensemble of spa culture."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "construction", "date": "1776–1787", "places": ["bad_lauchstaedt"], "actors": [],
             "materials": [], "techniques": [], "materials_display": "", "method": None, "description": ""},
        ],
        "subjects": _subjects(["kurwesen"], [], ["bad_lauchstaedt"]),
        "related": [],
        "provenance": "",
        "credit_line": "Historische Kuranlagen und Goethe-Theater Bad Lauchstädt",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "building", "width": 3200, "height": 2100, "caption": "Kolonnaden",
             "caption_en": "Colonnades", "style": "house", "label": "Kuranlagen Bad Lauchstädt"},
        ],
    },
    # -- Rössen ----------------------------------------------------------
    {
        "identifier": "lmv-roessen-stichbandgefaess",
        "institution": "lmv", "collection": "roessen",
        "inventory_number": "LMV-R 1",  # demonstration numbering
        "object_type": "gefaess", "classifications": ["archaeologie"],
        "title": "Verziertes Gefäß aus dem Gräberfeld von Rössen",
        "titles": _en("Decorated vessel from the Rössen cemetery"),
        "descriptions": _desc(
            "Keramikgefäß aus dem Gräberfeld von Rössen (heute Stadt Leuna), dem namengebenden Fundort "
            "der mittelneolithischen Rössener Kultur. Zwischen 1879 und 1890 wurden dort über 100 Gräber "
            "aufgedeckt; es ist das größte jungsteinzeitliche Gräberfeld Mitteldeutschlands. Anhand der "
            "Grabinventare beschrieb Alfred Götze 1900 die Rössener Kultur erstmals. Typisch sind Gefäße "
            "mit eingestochenen Mustern; die Rössener Kultur entwickelte sich in Mitteldeutschland aus "
            "der vorangehenden Stichbandkeramik.",
            "Ceramic vessel from the cemetery at Rössen (today part of the town of Leuna), the eponymous "
            "site of the Middle Neolithic Rössen culture. More than 100 graves were uncovered there "
            "between 1879 and 1890; it is the largest Neolithic cemetery in central Germany. On the basis "
            "of the grave goods Alfred Götze first defined the Rössen culture in 1900. Vessels with "
            "stabbed (incised-point) patterns are typical; in central Germany the Rössen culture grew out "
            "of the preceding Stroke-ornamented Pottery (Stichbandkeramik) culture."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "ca. 4600–4450 v. Chr.", "places": ["roessen"], "actors": [],
             "materials": ["keramik"], "techniques": ["aufbaukeramik", "stichverzierung"],
             "materials_display": "Keramik", "method": None, "description": ""},
            {"type": "excavation", "date": "1879–1890", "places": ["roessen"], "actors": [],
             "materials": [], "techniques": [], "materials_display": "", "method": "graeberfeldgrabung",
             "description": "Aufdeckung des Gräberfeldes von Rössen; das genaue Fundjahr dieses Gefäßes ist hier nicht angegeben."},
        ],
        "subjects": _subjects(["mittelneolithikum", "roessener_kultur", "bestattung"], [], ["roessen"]),
        "related": [{"identifier": "lmv-roessen-kugelbecher", "type": "gleicher_fundkontext"}],
        "provenance": "Aus den Grabungen im Gräberfeld von Rössen.",
        "credit_line": "Landesamt für Denkmalpflege und Archäologie Sachsen-Anhalt – Landesmuseum für Vorgeschichte",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "vessel", "width": 2800, "height": 2800, "caption": "Seitenansicht",
             "caption_en": "Side view", "label": "Rössener Kultur", "decoration": "stichband"},
            {"render": "vessel", "width": 1800, "height": 1800, "caption": "Verzierung (Detail)",
             "caption_en": "Decoration (detail)", "label": "Stichverzierung", "decoration": "stichband"},
        ],
    },
    {
        "identifier": "lmv-roessen-kugelbecher",
        "institution": "lmv", "collection": "roessen",
        "inventory_number": "LMV-R 2",  # demonstration numbering
        "object_type": "gefaess", "classifications": ["archaeologie"],
        "title": "Kugelbecher der Rössener Kultur",
        "titles": _en("Globular beaker of the Rössen culture"),
        "descriptions": _desc(
            "Kugelbecher gehören zu den charakteristischen Gefäßformen der Rössener Kultur. Das Gefäß ist "
            "ohne Töpferscheibe von Hand aufgebaut und mit eingestochenen Mustern verziert.",
            "Globular beakers are among the characteristic vessel forms of the Rössen culture. The vessel "
            "is built by hand without a potter's wheel and decorated with stabbed patterns."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "ca. 4600–4450 v. Chr.", "places": ["roessen"], "actors": [],
             "materials": ["keramik"], "techniques": ["aufbaukeramik", "stichverzierung"],
             "materials_display": "Keramik", "method": None, "description": ""},
            {"type": "excavation", "date": "1879–1890", "places": ["roessen"], "actors": [],
             "materials": [], "techniques": [], "materials_display": "", "method": "graeberfeldgrabung",
             "description": "Aus den Grabungen im Gräberfeld von Rössen."},
        ],
        "subjects": _subjects(["mittelneolithikum", "roessener_kultur"], [], ["roessen"]),
        "related": [{"identifier": "lmv-roessen-stichbandgefaess", "type": "gleicher_fundkontext"}],
        "provenance": "Aus den Grabungen im Gräberfeld von Rössen.",
        "credit_line": "Landesamt für Denkmalpflege und Archäologie Sachsen-Anhalt – Landesmuseum für Vorgeschichte",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "vessel", "width": 2600, "height": 2600, "caption": "Seitenansicht",
             "caption_en": "Side view", "label": "Kugelbecher", "decoration": "stichband"},
        ],
    },
    {
        "identifier": "lmv-niquet-graeberfeld-roessen",
        "institution": "lmv", "collection": "roessen",
        "inventory_number": "LMV-B 1938/9",  # demonstration numbering
        "object_type": "druckschrift", "classifications": ["archaeologie"],
        "title": "Franz Niquet: Das Gräberfeld von Rössen, Kreis Merseburg",
        "titles": _en("Franz Niquet: The cemetery of Rössen, Merseburg district"),
        "descriptions": _desc(
            "Monografische Vorlage des Gräberfeldes von Rössen, erschienen 1938 in Halle (Saale) als "
            "Band 9 der Veröffentlichungen der Landesanstalt für Volkheitskunde, der Vorgängerinstitution "
            "des heutigen Landesmuseums für Vorgeschichte. Die Publikation mit Gräberplan und Abbildungen "
            "der Grabinventare ist bis heute die Grundlage für die Erforschung des namengebenden Fundortes "
            "der Rössener Kultur.",
            "Monograph on the cemetery at Rössen, published in Halle (Saale) in 1938 as volume 9 of the "
            "publications of the Landesanstalt für Volkheitskunde, the predecessor of today's State "
            "Museum of Prehistory. With its plan of the graves and illustrations of the grave goods, it "
            "remains the basis for research on the eponymous site of the Rössen culture."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "1938", "places": ["halle"],
             "actors": [{"agent": "niquet", "role": "verfasser", "qualifier": ""}],
             "materials": ["papier"], "techniques": ["buchdruck"], "materials_display": "Papier, Druck",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["roessener_kultur", "mittelneolithikum", "bestattung"], [], ["roessen"]),
        "related": [{"identifier": "lmv-roessen-stichbandgefaess", "type": "gleicher_fundkontext"}],
        "provenance": "",
        "credit_line": "Landesamt für Denkmalpflege und Archäologie Sachsen-Anhalt – Landesmuseum für Vorgeschichte",
        "rights": RS_INC, "metadata_rights": CC0,
        "images": [
            {"render": "printed_page", "width": 2400, "height": 3400, "caption": "Titelblatt",
             "caption_en": "Title page", "heading": "Das Gräberfeld von Rössen",
             "lines": ["Kreis Merseburg", "von Franz Niquet",
                       "Veröffentlichungen der Landesanstalt für Volkheitskunde, Band 9"],
             "footer": "Halle (Saale) 1938"},
            {"render": "plan", "width": 3200, "height": 2400, "caption": "Gräberplan (Tafel, schematisch)",
             "caption_en": "Plan of the graves (plate, schematic)", "label": "Gräberfeld Rössen", "seed": 4600,
             "legend_items": ["Körpergrab", "Brandgrab", "Grabungsgrenze"]},
        ],
    },
    {
        "identifier": "lmv-foto-graeberfeld-roessen-1889",
        "institution": "lmv", "collection": "roessen",
        "inventory_number": "LMV-F 1889/1",  # demonstration numbering
        "object_type": "fotografie", "classifications": ["archaeologie"],
        "title": "Das Gräberfeld von Rössen während der Ausgrabung",
        "titles": _en("The Rössen cemetery during excavation"),
        "descriptions": _desc(
            "Historische Aufnahme der Ausgrabung im Gräberfeld von Rössen aus dem Jahr 1889, aufgenommen "
            "von einem Fotografen namens Herfurth. Das Foto wurde 1938 in Franz Niquets Vorlage des "
            "Gräberfeldes veröffentlicht. Das Gelände ist heute durch die Siedlung Neu-Rössen überbaut.",
            "Historical photograph of the excavation in the Rössen cemetery taken in 1889 by a "
            "photographer named Herfurth. It was published in 1938 in Franz Niquet's monograph on the "
            "cemetery. The site is now built over by the Neu-Rössen housing estate."),
        "inscriptions": [],
        "measurements": [],
        "dimensions_display": "",
        "events": [
            {"type": "production", "date": "1889", "places": ["roessen"],
             "actors": [{"agent": "herfurth", "role": "fotograf", "qualifier": ""}],
             "materials": [], "techniques": ["fotografie_technik"], "materials_display": "Fotografie",
             "method": None, "description": ""},
        ],
        "subjects": _subjects(["roessener_kultur", "bestattung"], [], ["roessen"]),
        "related": [{"identifier": "lmv-niquet-graeberfeld-roessen", "type": "verwandt"}],
        "provenance": "",
        "credit_line": "Landesamt für Denkmalpflege und Archäologie Sachsen-Anhalt – Landesmuseum für Vorgeschichte",
        "rights": PDM, "metadata_rights": CC0,
        "images": [
            {"render": "photo_object", "width": 2800, "height": 2000, "caption": "Ausgrabung 1889",
             "caption_en": "Excavation, 1889", "label": "Gräberfeld Rössen 1889", "shape": "generic"},
        ],
    },

]


# ---------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------

def _check() -> None:
    import re

    def unique(keys, what):
        seen = set()
        for key in keys:
            assert key not in seen, f"duplicate {what}: {key}"
            seen.add(key)
        return seen

    places = set()
    for p in PLACES:
        assert p["key"] not in places, f"duplicate place {p['key']}"
        assert p.get("parent") in (None, "") or p["parent"] in places, f"place parent {p}"
        places.add(p["key"])
    agents = unique((a["key"] for a in AGENTS), "agent")
    for a in AGENTS:
        assert a["kind"] in ("person", "organisation"), a["key"]
    concepts = {}
    for c in CONCEPTS:
        assert c["key"] not in concepts, f"duplicate concept {c['key']}"
        concepts[c["key"]] = c["kind"]
    kinds = {"object_type", "classification", "material", "technique", "subject", "period", "role",
             "event_type", "relation_type", "method"}
    assert set(concepts.values()) <= kinds
    for key in ("production", "acquisition", "finding", "restoration", "use", "construction", "excavation"):
        assert concepts.get(key) == "event_type", key
    institutions = unique((i["key"] for i in INSTITUTIONS), "institution")
    for i in INSTITUTIONS:
        assert not i.get("place") or i["place"] in places, i["key"]
    collections = {}
    for c in COLLECTIONS:
        assert c["key"] not in collections, c["key"]
        assert c["institution"] in institutions, c["key"]
        assert not c.get("parent") or c["parent"] in collections, c["key"]
        collections[c["key"]] = c["institution"]
    unique((c["slug"] for c in COLLECTIONS), "collection slug")

    def kind_ok(key, *allowed):
        assert key in concepts, f"unknown concept {key}"
        assert concepts[key] in allowed, f"concept {key} is {concepts[key]}, expected {allowed}"

    identifiers = unique((o["identifier"] for o in OBJECTS), "object identifier")
    unique(((o["institution"], o["inventory_number"]) for o in OBJECTS), "inventory number")
    long_sides = []
    for o in OBJECTS:
        oid = o["identifier"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", oid), oid
        assert o["institution"] in institutions, oid
        if o.get("collection"):
            assert collections[o["collection"]] == o["institution"], oid
        assert o["inventory_number"], oid
        kind_ok(o["object_type"], "object_type")
        for k in o.get("classifications", []):
            kind_ok(k, "classification")
        for t in o.get("titles", []):
            assert t["pref"] in ("preferred", "alternative"), oid
        assert o["events"], oid
        assert o["events"][0]["type"] in ("production", "construction"), oid
        assert any(e.get("date") for e in o["events"]), oid
        for e in o["events"]:
            kind_ok(e["type"], "event_type")
            for p in e.get("places", []):
                assert p in places, (oid, p)
            for a in e.get("actors", []):
                assert a["agent"] in agents, (oid, a)
                if a.get("role"):
                    kind_ok(a["role"], "role")
            for m in e.get("materials", []):
                kind_ok(m, "material")
            for t in e.get("techniques", []):
                kind_ok(t, "technique")
            if e.get("method"):
                kind_ok(e["method"], "method")
        s = o.get("subjects", {})
        for k in s.get("concepts", []):
            kind_ok(k, "subject", "period")
        for k in s.get("agents", []):
            assert k in agents, (oid, k)
        for k in s.get("places", []):
            assert k in places, (oid, k)
        for r in o.get("related", []):
            assert r["identifier"] in identifiers and r["identifier"] != oid, (oid, r)
            kind_ok(r["type"], "relation_type")
        for m in o.get("measurements", []):
            float(m["value"])
        assert o["images"], oid
        for img in o["images"]:
            assert img["render"] in ("manuscript", "printed_page", "medal", "tomb_slab", "organ", "building",
                                     "fountain", "plan", "industrial", "vessel", "photo_object", "map"), oid
            assert img.get("caption") and img.get("caption_en"), oid
            long_sides.append(max(img["width"], img["height"]))
    assert len(OBJECTS) >= 28, len(OBJECTS)
    assert 35 <= len(long_sides) <= 45, len(long_sides)
    assert sum(1 for s in long_sides if 4000 <= s <= 6000) >= 6
    assert sum(1 for s in long_sides if s >= 10000) == 1
    assert all(s >= 10000 or 1600 <= s <= 6000 for s in long_sides)
    charm = next(o for o in OBJECTS if o["identifier"] == "dsb-cod-136")
    text = " ".join(charm["images"][0]["lines"])
    assert "Eiris sazun idisi" in text and "sose gelimida sin" in text


if __name__ == "__main__":
    _check()
    print("ok", len(OBJECTS))
