/* classify_lexicon.c - the concepts a pack's phrases may name with @NAME
 * (classify.h): the words of one idea in English, German, French,
 * Spanish, Italian, Dutch and Portuguese, with their usual forms.
 *
 * Each alternative is written as in a concept phrase's group: `word`
 * meets the same word after normalisation (case, accents, one common
 * ending: "deleted" and "delete"); `pre*` meets any word that begins
 * with pre once case and accents are folded (every form of a verb:
 * "lösch*" meets "löschen", "löscht", "gelöscht" no, "Löschung" yes);
 * `=word` meets exactly that folded word, for words whose common ending
 * would make them meet another ("=profil" must not meet "profiling").
 * Written from what the ideas are called, not from any test message. */
#include "core/classify.h"

#include <stdio.h>
#include <string.h>

struct concept {
	const char *name;
	const char *alts;
};

static const struct concept concepts[] = {
	/* to delete, erase, wipe, forget */
	{ "erase", "delet*|eras*|remov*|wipe*|wiping|purg*|forget*|forgotten|=rid|"
		   "losch*|entfern*|tilg*|vergess*|"
		   "supprim*|effac*|retirer|retirez|oubli*|"
		   "borr*|elimin*|suprim*|supres*|olvid*|"
		   "cancella*|cancellaz*|rimuov*|rimoss*|oblio|"
		   "verwijder*|=wis|wiss*|gewist|vergeten|"
		   "apag*|remov*|exclu*|esquec*" },
	/* to close or end an account */
	{ "close", "clos*|terminat*|schliess*|auflos*|kundig*|fermer|fermez|fermeture|cerrar|cierr*|"
		   "=baja|chiud*|chius*|sluit*|opheff*|opzeg*|encerr*|fech*" },
	/* an account or profile */
	{ "account", "account*|konto*|kundenkonto*|benutzerkonto*|compte*|cuenta*|=conto|=conta|contas|"
		     "profile|profiles|=profil|perfil|perfiles|perfis|profilo|profili|profiel*|"
		     "abonnement*|abbonamento*|suscripci*|assinatura*|membership*|mitgliedschaft*" },
	/* the person's data and records */
	{ "data", "=data|daten*|donnees|datos|dati|dados|gegevens|persoonsgegevens|"
		  "informat*|informac*|informaz*|=info|=infos|details|=record|records|personal|"
		  "personenbezogen*|angaben|unterlagen|personnel*|personales|personali|persoonlijk*|pessoais|"
		  "fichier*|dossier*|expediente*|=file|=files|archivo*|registro*|registros|bestand*|ficheiro*" },
	/* first person: me, my */
	{ "self", "=me|=my|=mine|myself|=mich|=mir|mein*|=moi|=mon|=mes|=ma|=mi|=mis|=mio|=mia|=miei|=mie|"
		  "=mij|=mijn|=meu|=meus|=minha|=minhas|=mim|=eu|=ich|=je|=yo|=io|=ik" },
	/* to send, give, provide, forward */
	{ "send", "=send|=sent|sending|forward*|provid*|=give|=giv|"
		  "schick*|send*|zusend*|ubermitt*|zukommen|"
		  "envo*|envoi*|envi*|communiqu*|transmet*|fourn*|"
		  "mand*|invia*|invii|fornir*|fornisc*|"
		  "stuur*|zend*|toestur*|bezorg*|"
		  "envia*|enviem|forneca*|fornec*" },
	/* to see, know, have a copy of, access */
	{ "access", "=see|=view|know|=access|accessing|obtain*|=copy|=copies|"
		    "auskunft*|einsicht*|zugang*|kopie*|erfahren|"
		    "acces|acceder|obtenir|obtenez|copie*|connaitre|savoir|"
		    "acceso|acced*|obten*|copia*|saber|conocer|"
		    "accesso|ottener*|sapere|conoscere|"
		    "inzage|inzien|kopie|weten|"
		    "aceder|acesso|obter|copia|conhecer" },
	/* to hold, store, keep, process (data) */
	{ "hold", "=hold|=holds|holding|=have|=has|=keep|=keeps|=kept|stor*|collect*|process*|=got|"
		  "speicher*|gespeichert*|verarbeit*|=haben|=hat|aufbewahr*|gesammelt*|"
		  "detene*|detenez|detient|conserv*|stock*|trait*|collect*|avez|"
		  "tien*|tenga*|guard*|almacen*|trat*|recog*|"
		  "conservat*|conservate|avete|possed*|memorizz*|trattat*|raccol*|"
		  "=heeft|=hebt|=hebben|bewaar*|verwerk*|opgesla*|opslaan|verzamel*|"
		  "guarda*|armazen*|trata*|recolh*|possu*|=tem|=tem|=tenham" },
	/* a format another service can read */
	{ "format", "=csv|=json|=xml|=xls|=xlsx|spreadsheet*|machine*|maschinenles*|maschinell*|"
		    "format*|lisible*|electroni*|elektroni*|leesba*|legible*|legivel|leggibil*|"
		    "structured|strukturiert*|structure*|estructurad*|strutturat*|gestructureerd*|estruturad*|"
		    "export*|exporteer*|exportier*|esporta*|exporta*|dateiformat*" },
	/* to move it elsewhere */
	{ "transfer", "transfer*|transmit*|portab*|=port|porting|=move|=moving|switch*|migrat*|"
		      "ubertrag*|mitnehm*|=mitnehmen|wechsel*|umzieh*|"
		      "transferer|transfert*|"
		      "transferi*|trasfer*|"
		      "trasferi*|"
		      "overdra*|overzet*|meenem*|overstap*|"
		      "transferi*" },
	/* another provider or service */
	{ "elsewhere", "another|=other|different|new|competitor*|"
		       "ander*|neue*|neuen|=autre|=autres|nouveau*|nouvel*|=otro|=otra|=nuevo|=nueva|"
		       "altro|altra|nuovo|nuova|=ander|=andere|nieuw*|=outro|=outra|novo|nova" },
	/* to correct, fix, update */
	{ "correct", "correct*|rectif*|=fix|fixed|fixing|amend*|updat*|"
		     "berichtig*|korrigier*|aktualisier*|=andern|=andert|geandert|richtigstell*|"
		     "corrig*|rectifi*|modifi*|actualis*|"
		     "correg*|corrij*|actualic*|actualiz*|modifiq*|rectifiq*|"
		     "corregg*|aggiorn*|modific*|rettific*|"
		     "corrigeer*|gecorrigeerd*|aanpass*|wijzig*|verbeter*|bijwerk*|"
		     "corrig*|retific*|atualiz*|alterar|altere*|alterem|alterad*|alterac*" },
	/* wrong, out of date */
	{ "wrong", "wrong*|=mal|incorrect*|inaccura*|mistak*|misspel*|outdated|=typo|error*|erroneous*|"
		   "falsch*|unrichtig*|fehlerhaft*|veraltet*|"
		   "faux|fausse*|erron*|inexact*|incorrect*|errone*|perime*|"
		   "equivocad*|errone*|incorrect*|inexact*|desactualiz*|"
		   "sbagliat*|errat*|inesatt*|scorrett*|"
		   "=fout|=foute|onjuist*|verkeerd*|verouderd*|"
		   "errad*|incorret*|desatualiz*" },
	/* the fields of a person's record */
	{ "field", "name|surname|=names|address*|=email|e-mail|birth*|birthday|phone*|telephone*|"
		   "nachname*|vorname*|=name|=namen|adress*|anschrift*|geburt*|telefon*|"
		   "=nom|prenom*|adresse*|naissance|telephon*|"
		   "nombre|apellido*|direcc*|nacimiento|telefon*|"
		   "=nome|cognome|indirizz*|nascita|"
		   "=naam|achternaam*|voornaam*|adres|geboorte*|telefoonnummer*|"
		   "=nome|sobrenome|apelido|morada|endereco*|nascimento" },
	/* to object to, stop */
	{ "object", "object*|opt-out|widersprech*|widerspr*|wiederspr*|opposi*|oppose*|opposer|=oppose|"
		    "opon*|oposic*|oppong*|oppone*|opporr*|bezwaar*|=oponho|=opor|oponh*" },
	{ "stop", "stop*|unsubscrib*|cease*|abmeld*|abbestell*|aufhor*|unterlass*|"
		  "arret*|cesse*|desinscri*|desabonn*|dejen|deje|dejar|cesen|cesar|"
		  "smett*|cessat*|interromp*|basta|uitschrijv*|afmeld*|stopp*|parem|deixem|cancelar" },
	/* marketing and profiling */
	{ "marketing", "marketing*|advert*|=ads|=ad|newsletter*|promo*|offers|mailing*|spam|"
		       "=profiling|profilag*|targeted|commercial*|"
		       "werbung*|werbe*|reklame*|profilierung|profilbildung|"
		       "publicit*|prospect*|commerciale*|"
		       "publicidad*|promocion*|comercial*|perfilad*|"
		       "pubblicit*|promozion*|commerciali*|profilazion*|"
		       "=reclame|nieuwsbrie*|profilering|"
		       "publicidade*|promoc*|definicao" },
	/* negation */
	{ "no", "=no|=not|=t|=nt|never|=kein|=keine|=keinen|=keiner|=nicht|nie|=pas|aucun*|=sans|=ni|=ne|=n|"
		"=sin|ningun*|nunca|=nessun|=nessuna|=nessuno|=non|=geen|=niet|nooit|=nao|nenhum*|=sem" },
	/* to receive */
	{ "receive", "receiv*|=get|getting|erhalt*|bekomm*|zugeschickt|recev*|recoi*|=recu|=recue|=recus|recib*|"
		     "ricev*|ontvang*|krijg*|receb*" },
	/* to sell, share, pass on */
	{ "sell", "=sell|=sells|selling|=sold|=sale|verkauf*|verkoop*|verkocht*|verkopen|vend*|vente*|venta*" },
	{ "share", "shar*|=pass|passing|disclos*|weitergab*|weitergeb*|weiterg*|weiterleit*|"
		   "partag*|transmet*|ceder|cedan|ceda|cedam|compart*|condivid*|cedere|"
		   "=deel|=delen|=gedeeld|=deelt|doorgev*|doorgeg*|verstrek*|compartilh*|partilh*|divulg*" },
	/* third parties */
	{ "third", "third*|partner*|broker*|advertiser*|affiliat*|dritt*|partenaire*|tiers|tierce*|"
		   "tercer*|socio*|terzi|terze|=terceiros|terceir*|derden|derde|bedrijven|empresas|aziende|"
		   "unternehmen|firmen|entreprises|societes|companies" },
	/* to refuse, forbid */
	{ "refuse", "refus*|forbid*|prohibit*|untersag*|verbiet*|verbot*|interdi*|prohib*|proib*|vieto|"
		    "vietat*|verbied*|weiger*|recus*|nego" },
	/* a refund, money back */
	{ "refund", "refund*|reimburs*|repay*|erstatt*|ruckerstatt*|ruckzahl*|zuruckzahl*|"
		    "rembours*|reembols*|rimbors*|terugbetal*|terugstort*|reembols*|estorn*|devoluc*|devolu*" },
	{ "money", "money|=cash|amount|=paid|payment*|geld|betrag*|kaufpreis*|=argent|montant*|somme*|"
		   "dinero|importe*|pago*|soldi|denaro|importo|bedrag*|dinheiro|valor|quantia" },
	{ "back", "=back|return*|zuruck*|=rendu|=rendre|rendez|devuel*|devolv*|restituit*|restitui*|indietro|"
		  "terug*|devolv*|reembols*" },
	/* to withdraw from a contract */
	{ "withdraw", "withdraw*|cooling|widerruf*|ruckzug*|retract*|retracta*|desist*|recess*|"
		      "ripensamento|herroep*|ontbind*|bedenktijd|arrepend*" },
	{ "purchase", "purchas*|order*|contract*|=buy|bought|bestell*|kauf*|vertrag*|commande*|achat*|"
		      "contrat*|pedido*|compra*|contrato*|ordine|ordini|ordinato|ordinazion*|acquist*|contratt*|bestelling*|aankoop*|"
		      "overeenkomst*|encomend*|compra*" },
	/* unhappy, angry, disappointed */
	{ "unhappy", "unhappy|dissatisf*|disappoint*|frustrat*|angry|furious|disgrac*|outrag*|appall*|"
		     "unacceptabl*|disgust*|unzufried*|enttausch*|verarger*|wutend*|inakzeptab*|unverschamt*|"
		     "mecontent*|insatisf*|decu*|decev*|furieu*|inadmissib*|inacceptab*|scandal*|"
		     "insatisfech*|descontent*|enfadad*|molest*|decepcion*|indignad*|inaceptab*|harta*|harto*|"
		     "insoddisf*|delus*|arrabbiat*|scontent*|inaccettab*|vergogn*|"
		     "ontevred*|teleurgest*|=boos|woedend*|onacceptab*|schandal*|"
		     "insatisfeit*|chatead*|farto*|farta*|irritad*|inaceitav*|indignad*" },
	/* to complain, a complaint */
	{ "complain", "complain*|grievanc*|beschwer*|reklamation*|reklamier*|beanstand*|plaind*|plaint*|"
		      "reclamat*|reclamac*|reclamo*|reclami*|reclamar*|reclamer*|quej*|lament*|"
		      "klacht*|klaag*|klagen|queix*|escalat*|ombudsman*|ombudsm*" },
	/* somebody else, another customer */
	{ "someone", "someone|somebody|stranger*|jemand*|fremd*|quelqu*|alguien|qualcun*|iemand|alguem|"
		     "=another|=other|=others|=anderen|=anderer|=andere|=ander|=autre|=autres|=altro|=altra|=outro|=outra" },
	{ "customer", "customer*|client*|person|people|kunde*|kundin*|person*|cliente*|persona*|klant*|pessoa*" },
	{ "login", "logged|login|=log|accessed|entered|=got|eingeloggt*|angemeldet*|zugegriffen|connect*|"
		   "acced*|accedi*|entrou|entraram|entered|=entrado|ingelogd*|toegang*|inlogg*|acess*" },
	{ "without", "without|ohne|=sans|=sin|senza|zonder|=sem" },
	{ "permission", "permission*|authori*|consent*|berechtig*|genehmig*|erlaubnis*|zustimmung*|einwilligung*|"
			"autoris*|accord|permiso*|autoriz*|consentim*|permesso*|consenso*|toestemming*|"
			"permissao|permissa*|autoriza*" },
	{ "breach", "breach*|leak*|hack*|compromis*|stolen|=stole|steal*|unauthori*|incident*|"
		    "datenleck*|datenpanne*|gehackt*|hacker*|datenschutzverl*|datenschutzverst*|gestohl*|"
		    "fuite*|pirat*|violat*|=vol|=vole|brecha*|filtracion*|filtrad*|filtraron|robad*|=robo|violazion*|=fuga|furto|rubat*|"
		    "datalek*|=lek|gelekt|inbreuk*|gestolen|vazament*|vazad*|invadid*|roubad*|violac*" },
	/* a provider or service to move to */
	{ "provider", "provider*|supplier*|=service|=services|dienst|dienste|dienstleister*|anbieter*|fournisseur*|"
		      "prestataire*|servicio*|proveedor*|fornitor*|=servizio|=servizi|aanbieder*|leverancier*|"
		      "fornecedor*|servico*|=platform|plattform*|plateforme*|plataforma*|piattaforma*|"
		      "=bank|=banque|=banco|=banca|company|firma|entreprise|empresa|azienda|bedrijf|operator*|operateur*" },
	{ NULL, NULL }
};

const char *classify_concept(const char *name, size_t len)
{
	for (const struct concept *c = concepts; c->name; c++)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c->alts;
	return NULL;
}

/* How much a match of the concept says (a group of plain words says 2):
 * the words of a request's action or object 2; words that only frame it
 * (first person, another one, money, without) 1; "hold, have, keep" 0,
 * as common in questions as in requests. */
int classify_concept_weight(const char *name, size_t len)
{
	static const char *const weak[] = { "self",	"send",	  "elsewhere", "someone", "customer",	"no",
					    "receive",	"money",  "back",      "purchase", "without",	"permission",
					    "login",	"third",  "field",     NULL };
	if (len == 4 && !memcmp(name, "hold", 4))
		return 0;
	if (len == 6 && !memcmp(name, "breach", 6))
		return 5; /* a breach word settles it: leak, hacked, Datenpanne */
	for (const char *const *w = weak; *w; w++)
		if (strlen(*w) == len && !memcmp(*w, name, len))
			return 1;
	return 2;
}

const char *classify_concept_names(void)
{
	static char names[1024];
	if (!names[0]) {
		size_t at = 0;
		for (const struct concept *c = concepts; c->name && at + strlen(c->name) + 3 < sizeof(names); c++)
			at += (size_t)snprintf(names + at, sizeof(names) - at, "%s%s", at ? ", " : "", c->name);
	}
	return names;
}
